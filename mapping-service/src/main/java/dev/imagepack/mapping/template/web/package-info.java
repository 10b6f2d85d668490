/**
 * The HTTP API of templates: validate, associate and render a ROS template or a Terraform
 * module sent as JSON, as multipart files or as one raw file, with images resolved
 * through the mapping lookups for the caller.
 */
@NullMarked
package dev.imagepack.mapping.template.web;

import org.jspecify.annotations.NullMarked;
