package dev.imagepack.bench.lookup;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 server on loopback that answers every request with the same small JSON body
 * and does nothing else: a thread per connection, no parsing beyond the end of the
 * request head, no security, no framework. Loaded like the lookup, it shows the latency
 * the machine itself gives 50 connections, with wrk and the rest of the system beside it.
 * Requests with a body are not supported (the benchmark sends none).
 * <p>
 * {@code <port>}; runs until stopped.
 */
public final class BareHttpServer {

	private static final byte[] RESPONSE = response("{\"status\":\"SUCCEEDED\",\"imageId\":\"m-0123456789abcdef\"}");

	private BareHttpServer() {
	}

	public static void main(String[] args) throws IOException {
		int port = Integer.parseInt(args[0]);
		try (ServerSocket server = new ServerSocket(port, 128, InetAddress.getLoopbackAddress())) {
			System.out.println("bare server on 127.0.0.1:" + port);
			while (true) {
				Socket connection = server.accept();
				Thread thread = new Thread(() -> serve(connection), "bare-" + connection.getPort());
				thread.setDaemon(true);
				thread.start();
			}
		}
	}

	private static void serve(Socket connection) {
		try (connection) {
			connection.setTcpNoDelay(true);
			InputStream in = new BufferedInputStream(connection.getInputStream());
			OutputStream out = connection.getOutputStream();
			while (skipRequestHead(in)) {
				out.write(RESPONSE);
			}
		}
		catch (IOException ex) {
			// The client went away: nothing to answer.
		}
	}

	/**
	 * Reads up to the blank line that ends a request head.
	 * @return whether a whole head was read, false at the end of the stream
	 */
	private static boolean skipRequestHead(InputStream in) throws IOException {
		int matched = 0;
		int next;
		while ((next = in.read()) != -1) {
			matched = switch (next) {
				case '\r' -> (matched == 0 || matched == 2) ? matched + 1 : 1;
				case '\n' -> (matched == 1 || matched == 3) ? matched + 1 : 0;
				default -> 0;
			};
			if (matched == 4) {
				return true;
			}
		}
		return false;
	}

	private static byte[] response(String body) {
		return ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
				+ body)
			.getBytes(StandardCharsets.US_ASCII);
	}

}
