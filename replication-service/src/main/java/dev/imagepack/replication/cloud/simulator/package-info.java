/**
 * The default cloud: a simulator that copies images in simulated time, fails where it is
 * told to, and keeps its images in the service's own store.
 */
@NullMarked
package dev.imagepack.replication.cloud.simulator;

import org.jspecify.annotations.NullMarked;
