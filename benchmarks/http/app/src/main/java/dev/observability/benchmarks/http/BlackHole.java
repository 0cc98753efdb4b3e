package dev.observability.benchmarks.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A peer that has stopped answering: accepts every connection on the loopback port given as the
 * only argument, then neither reads nor writes nor closes it. A client only gets out by its own
 * timeout. On exit it prints how many connections it holds.
 */
public final class BlackHole {

	private BlackHole() {
	}

	public static void main(String[] args) throws IOException {
		int port = Integer.parseInt(args[0]);
		List<Socket> held = new ArrayList<>();
		try (ServerSocket server = new ServerSocket(port, 128, InetAddress.getLoopbackAddress())) {
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				synchronized (held) {
					System.out.println("black hole held " + held.size() + " connections");
				}
			}));
			System.out.println("black hole accepting on port " + port);
			while (true) {
				Socket socket = server.accept();
				synchronized (held) {
					held.add(socket);
				}
			}
		}
	}

}
