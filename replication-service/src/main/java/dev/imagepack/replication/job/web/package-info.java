/**
 * The operator API of replication jobs.
 */
@NullMarked
package dev.imagepack.replication.job.web;

import org.jspecify.annotations.NullMarked;
