package dev.observability.autoconfigure.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.observability.metrics.ScrapeCredentials;
import dev.observability.metrics.ScrapePaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Asks the running application, once it is ready and over loopback, what Prometheus and Kubernetes
 * will get: the scrape with its credentials, the health probes' additional paths without any. The
 * answer goes to {@code /actuator/observability} and the metrics entry of the summary; what is not
 * reachable is logged at WARN with the likely reason (the endpoint not in the application's
 * exposure list, a chain of its own that redirects the probes to a login page).
 * <p>
 * The check runs on a thread of its own, so it never delays startup, and never fails it.
 */
final class Reachability implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger logger = LoggerFactory.getLogger(Reachability.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private final Environment environment;

	private final ObjectProvider<ScrapeCredentials> credentials;

	private volatile String scrape = "checked once the application is ready";

	Reachability(Environment environment, ObjectProvider<ScrapeCredentials> credentials) {
		this.environment = environment;
		this.credentials = credentials;
	}

	/**
	 * What the scrape answered once the application was ready.
	 * @return a short description, for the summary and the endpoint
	 */
	String scrape() {
		return this.scrape;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		Integer port = this.environment.getProperty("local.server.port", Integer.class);
		if (port == null || port <= 0) {
			this.scrape = "not checked (no server port)";
			return;
		}
		if (this.environment.getProperty("server.ssl.enabled", Boolean.class, false)) {
			this.scrape = "not checked (TLS)";
			return;
		}
		Integer managementPort = this.environment.getProperty("local.management.port", Integer.class);
		Thread check = new Thread(() -> check(port, (managementPort != null) ? managementPort : port),
				"observability-reachability");
		check.setDaemon(true);
		check.start();
	}

	void check(int port, int managementPort) {
		try {
			HttpClient client = HttpClient.newBuilder()
				.connectTimeout(TIMEOUT)
				.followRedirects(HttpClient.Redirect.NEVER)
				.build();
			checkScrape(client, managementPort);
			checkProbes(client, port);
		}
		catch (RuntimeException ex) {
			this.scrape = "not checked (" + ex.getClass().getSimpleName() + ")";
		}
	}

	private void checkScrape(HttpClient client, int port) {
		String path = ScrapePaths.scrapePath(this.environment);
		ScrapeCredentials scrapeCredentials = this.credentials.getIfAvailable();
		Answer answer = get(client, port, path,
				(scrapeCredentials != null) ? scrapeCredentials.authorization() : null);
		if (answer.status() == 200) {
			this.scrape = "reachable";
			return;
		}
		if (answer.status() < 0) {
			// The server is gone (the application is stopping) or the loopback is closed: nothing to
			// warn about.
			this.scrape = "not checked (" + answer.detail() + ")";
			logger.debug("Could not ask {} what it answers: {}", path, answer.detail());
			return;
		}
		String include = this.environment.getProperty("management.endpoints.web.exposure.include", "health");
		String reason = switch (isExposed(include) ? answer.status() : 404) {
			case 404 -> "not exposed: management.endpoints.web.exposure.include (" + include
					+ ") does not list prometheus";
			case 401, 403 -> "refused the scrape credentials (" + answer.status() + ")";
			default -> (answer.status() >= 300 && answer.status() < 400)
					? "redirected (" + answer.status() + ") to " + answer.detail()
							+ ": a security chain of the application answers it"
					: "answered " + answer.status();
		};
		this.scrape = "NOT reachable, " + reason;
		logger.warn("{} is not reachable with the scrape credentials: {}", path, reason);
	}

	/**
	 * Whether the exposure list names the scrape endpoint (or every endpoint) and the exclusion list
	 * does not: an endpoint that is not exposed answers 404, or whatever the application's own chain
	 * answers for an unknown path.
	 */
	private boolean isExposed(String include) {
		String exclude = this.environment.getProperty("management.endpoints.web.exposure.exclude", "");
		return lists(include) && !lists(exclude);
	}

	private static boolean lists(String endpoints) {
		for (String endpoint : endpoints.split(",")) {
			String id = endpoint.trim();
			if (id.equalsIgnoreCase(ScrapePaths.ENDPOINT_ID) || "*".equals(id)) {
				return true;
			}
		}
		return false;
	}

	private void checkProbes(HttpClient client, int port) {
		if (!this.environment.getProperty("management.endpoint.health.probes.enabled", Boolean.class, false)
				|| !this.environment.getProperty("management.endpoint.health.probes.add-additional-paths",
						Boolean.class, false)) {
			return;
		}
		List<String> unreachable = new ArrayList<>();
		for (String probe : List.of("/livez", "/readyz")) {
			Answer answer = get(client, port, probe, null);
			if (answer.status() < 0) {
				logger.debug("Could not ask {} what it answers: {}", probe, answer.detail());
				return;
			}
			// 503 is a probe saying "not ready": reachable.
			if (answer.status() != 200 && answer.status() != 503) {
				unreachable.add(probe + " answered " + answer.status()
						+ ((answer.detail() != null) ? " (to " + answer.detail() + ")" : ""));
			}
		}
		if (!unreachable.isEmpty()) {
			logger.warn("The health probes do not answer an anonymous request: {}. Kubernetes counts a redirect "
					+ "as healthy; permit /livez and /readyz in the application's security chain.",
					String.join(", ", unreachable));
		}
	}

	private static Answer get(HttpClient client, int port, String path, String authorization) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(TIMEOUT);
			if (authorization != null) {
				request.header("Authorization", authorization);
			}
			HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
			return new Answer(response.statusCode(), response.headers().firstValue("Location").orElse(null));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Answer(-1, "interrupted");
		}
		catch (Exception ex) {
			return new Answer(-1, ex.getClass().getSimpleName());
		}
	}

	private record Answer(int status, String detail) {

	}

}
