package dev.observability.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Endpoints that never deliver, for resilience tests: a loopback port that refuses connections,
 * and a black hole that accepts them and never answers.
 */
public final class DeadServers {

	private DeadServers() {
	}

	/**
	 * A loopback port with nothing listening on it.
	 * @return the port
	 * @throws IOException if no port could be had
	 */
	public static int refusedPort() throws IOException {
		try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return closed.getLocalPort();
		}
	}

	/**
	 * A GET that gives up well before an exporter's timeout: a request that waited on a dead
	 * collector would not make it.
	 * @param http the client
	 * @param port the application's port
	 * @param path the path
	 * @return the response
	 * @throws Exception if the request failed or timed out
	 */
	public static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofMillis(900))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * How many items a drop counter counted for a reason.
	 * @param registry the registry
	 * @param meter the counter's name
	 * @param reason the reason
	 * @return the count, 0 before the first drop
	 */
	public static double dropped(MeterRegistry registry, String meter, String reason) {
		Counter counter = registry.find(meter).tag("reason", reason).counter();
		return (counter != null) ? counter.count() : 0;
	}

	/**
	 * Open a black hole on a loopback port.
	 * @return the black hole, to close after the test
	 * @throws IOException if it could not listen
	 */
	public static BlackHole blackHole() throws IOException {
		return new BlackHole();
	}

	/**
	 * Accepts every connection and never reads or answers.
	 */
	public static final class BlackHole implements AutoCloseable {

		private final ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		private BlackHole() throws IOException {
			Thread acceptor = new Thread(() -> {
				while (!this.server.isClosed()) {
					try {
						this.accepted.add(this.server.accept());
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "black-hole");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		public int port() {
			return this.server.getLocalPort();
		}

		@Override
		public void close() throws IOException {
			this.server.close();
			for (Socket socket : this.accepted) {
				socket.close();
			}
		}

	}

}
