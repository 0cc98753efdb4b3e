package dev.observability.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
