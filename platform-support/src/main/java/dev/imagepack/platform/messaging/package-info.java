/**
 * Kafka messaging shared by every service: binder defaults, dead-lettering and
 * CloudEvents messages.
 */
@NullMarked
package dev.imagepack.platform.messaging;

import org.jspecify.annotations.NullMarked;
