package dev.imagepack.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds runs of free loopback ports away from the defaults, so tests never collide with a
 * platform a developer is running.
 */
final class FreePorts {

	private FreePorts() {
	}

	/**
	 * Returns the first of {@code count} consecutive ports that are free on 127.0.0.1.
	 * @param count how many consecutive ports are needed
	 * @return the first port
	 */
	static int consecutive(int count) {
		for (int attempt = 0; attempt < 200; attempt++) {
			// Below the Linux ephemeral range, where client sockets take ports.
			int first = ThreadLocalRandom.current().nextInt(20000, 32000 - count);
			if (allFree(first, count)) {
				return first;
			}
		}
		throw new IllegalStateException("no " + count + " consecutive free ports found");
	}

	private static boolean allFree(int first, int count) {
		for (int port = first; port < first + count; port++) {
			try (ServerSocket socket = new ServerSocket()) {
				socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			}
			catch (IOException ex) {
				return false;
			}
		}
		return true;
	}

}
