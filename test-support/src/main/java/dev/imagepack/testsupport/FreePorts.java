package dev.imagepack.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * Free loopback ports for a test that starts a server of its own.
 */
public final class FreePorts {

	private FreePorts() {
	}

	/**
	 * Two free ports, such as a broker's and its controller's, never the same one: both
	 * are held until both are chosen, where two ports asked for one after the other can
	 * be the same.
	 * @return the two ports
	 */
	public static int[] two() {
		try (ServerSocket first = new ServerSocket(0); ServerSocket second = new ServerSocket(0)) {
			return new int[] { first.getLocalPort(), second.getLocalPort() };
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free ports", ex);
		}
	}

}
