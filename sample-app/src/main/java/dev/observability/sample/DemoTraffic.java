package dev.observability.sample;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * With the {@code demo} profile, exercises every flow every few seconds (an item lookup, an OAuth
 * exchange, a sync run) and, every fourth round, their failure paths and an injected error.
 */
@Component
@Profile("demo")
class DemoTraffic {

	private static final Logger logger = LoggerFactory.getLogger(DemoTraffic.class);

	private final RestClient.Builder builder;

	private final Environment environment;

	private final AtomicLong round = new AtomicLong();

	DemoTraffic(RestClient.Builder builder, Environment environment) {
		this.builder = builder;
		this.environment = environment;
	}

	@Scheduled(fixedDelayString = "${sample.demo.period:5s}", initialDelayString = "${sample.demo.period:5s}")
	void exercise() {
		long n = this.round.incrementAndGet();
		RestClient client = this.builder.baseUrl("http://localhost:" + this.environment.getProperty("local.server.port"))
			.build();
		call(client, "GET", "/api/public/items/{id}", n % 7);
		call(client, "GET", "/oauth/callback?code={code}&state={state}", "demo-" + n, "s" + n);
		call(client, "POST", "/api/sync?source=demo");
		if (n % 4 == 0) {
			call(client, "GET", "/oauth/callback?code=invalid");
			call(client, "POST", "/api/sync?source=demo&fail=true");
			call(client, "GET", "/debug/error");
		}
		logger.info("Demo round {} done", n);
	}

	// URI templates keep the outgoing calls' uri tag to one value per route.
	private static void call(RestClient client, String method, String uri, Object... variables) {
		try {
			if ("POST".equals(method)) {
				client.post().uri(uri, variables).retrieve().toBodilessEntity();
			}
			else {
				client.get().uri(uri, variables).retrieve().toBodilessEntity();
			}
		}
		catch (RestClientException ex) {
			// Failures are part of the demo; the server side reports them.
		}
	}

}
