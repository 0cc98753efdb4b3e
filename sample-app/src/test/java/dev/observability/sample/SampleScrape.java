package dev.observability.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;

/**
 * The sample's scrape, read with its credentials as Prometheus reads it.
 */
final class SampleScrape {

	private SampleScrape() {
	}

	static String read(int port) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
				.header("Authorization", "Basic "
						+ Base64.getEncoder().encodeToString("prometheus:sample-scrape-password".getBytes()))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
