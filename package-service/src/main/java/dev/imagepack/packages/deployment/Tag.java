package dev.imagepack.packages.deployment;

/**
 * A key and value the ISV attaches to a package.
 *
 * @param key 1 to 128 characters, not starting with {@code acs:} or {@code aliyun}
 * @param value 0 to 128 characters
 */
public record Tag(String key, String value) {

}
