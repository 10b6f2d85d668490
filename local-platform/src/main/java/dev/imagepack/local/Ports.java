package dev.imagepack.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks loopback ports before anything binds them, so a taken port fails the start at
 * once with the option that changes it.
 */
final class Ports {

	private Ports() {
	}

	/**
	 * Fails if the port cannot be bound on {@link LocalPlatformSettings#HOST}.
	 * @param port the port to check
	 * @param component what would listen there, for the message
	 * @param option the option that changes the port, for the message
	 * @throws LocalPlatformException if the port is taken
	 */
	static void requireFree(int port, String component, String option) {
		try (ServerSocket socket = new ServerSocket()) {
			// The servers bind with SO_REUSEADDR too, so TIME_WAIT leftovers of a
			// previous run must not count as taken.
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getByName(LocalPlatformSettings.HOST), port));
		}
		catch (IOException ex) {
			throw new LocalPlatformException(describeBindFailure(port, component, option), ex);
		}
	}

	/**
	 * Explains that a port is taken and how to pick another.
	 * @param port the port
	 * @param component what should have listened there
	 * @param option the option that changes the port
	 * @return the message
	 */
	static String describeBindFailure(int port, String component, String option) {
		return "port " + port + " on " + LocalPlatformSettings.HOST + " is already in use (" + component
				+ "); stop whatever holds it or choose another port with " + option;
	}

}
