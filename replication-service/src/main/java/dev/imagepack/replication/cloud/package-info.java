/**
 * The cloud behind a port: copying, describing, deleting and sharing images, and finding
 * a marketplace product's image in a region.
 */
@NullMarked
package dev.imagepack.replication.cloud;

import org.jspecify.annotations.NullMarked;
