package dev.imagepack.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a client may send.
 *
 * @param maxRequestBody the largest request body accepted; larger ones are refused with
 * 413
 */
@ConfigurationProperties("imagepack.web")
public record WebInputProperties(@DefaultValue("256KB") DataSize maxRequestBody) {

}
