/**
 * Who calls a service: JWT bearer tokens verified as an OAuth2 resource server, and the
 * caller they name.
 */
@NullMarked
package dev.imagepack.platform.identity;

import org.jspecify.annotations.NullMarked;
