package dev.observability.benchmarks.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for Sentry and an OpenTelemetry collector: reads any request on the loopback
 * port given as the only argument and answers 200 with no body. On exit it prints how many requests
 * each path received, so a run shows that envelopes and spans really left the application.
 */
public final class OkSink {

	private OkSink() {
	}

	public static void main(String[] args) throws IOException {
		int port = Integer.parseInt(args[0]);
		Map<String, LongAdder> received = new ConcurrentHashMap<>();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
		server.createContext("/", (exchange) -> {
			try (exchange) {
				exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
				exchange.sendResponseHeaders(200, -1);
				received.computeIfAbsent(exchange.getRequestURI().getPath(), (path) -> new LongAdder()).increment();
			}
		});
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> System.out.println("sink received " + new TreeMap<>(received))));
		server.start();
		System.out.println("sink answering 200 on port " + port);
	}

}
