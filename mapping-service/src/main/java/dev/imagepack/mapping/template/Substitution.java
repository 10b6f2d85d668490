package dev.imagepack.mapping.template;

/**
 * One value that rendering replaced.
 *
 * @param property the image property, as validation reports it
 * @param imageId the regional image ID that replaced its literal
 */
public record Substitution(ImageProperty property, String imageId) {

}
