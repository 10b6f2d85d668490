/**
 * Deployment packages and their versions: the rules, the use cases and their store.
 */
@NullMarked
package dev.imagepack.packages.deployment;

import org.jspecify.annotations.NullMarked;
