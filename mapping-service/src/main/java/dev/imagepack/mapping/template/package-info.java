/**
 * Templates that deploy images: finds the image properties of ROS and Terraform
 * templates, checks that they can be associated with deployment packages, and renders a
 * template for a region by replacing only the associated literals, leaving every other
 * byte as it was.
 */
@NullMarked
package dev.imagepack.mapping.template;

import org.jspecify.annotations.NullMarked;
