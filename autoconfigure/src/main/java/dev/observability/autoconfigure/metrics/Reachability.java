package dev.observability.autoconfigure.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
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
 * The check runs on a thread of its own, so it never delays startup, and never fails it. It asks
 * with {@link HttpURLConnection} rather than the JDK's {@code HttpClient}, whose first use loads
 * several hundred classes and the default TLS context for three plain loopback requests.
 */
final class Reachability implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger logger = LoggerFactory.getLogger(Reachability.class);

	private static final int TIMEOUT_MILLIS = 3000;

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
			checkScrape(managementPort);
			checkProbes(port);
		}
		catch (RuntimeException ex) {
			this.scrape = "not checked (" + ex.getClass().getSimpleName() + ")";
		}
	}

	private void checkScrape(int port) {
		String path = ScrapePaths.scrapePath(this.environment);
		ScrapeCredentials scrapeCredentials = this.credentials.getIfAvailable();
		Answer answer = get(port, path,
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

	private void checkProbes(int port) {
		if (!this.environment.getProperty("management.endpoint.health.probes.enabled", Boolean.class, false)
				|| !this.environment.getProperty("management.endpoint.health.probes.add-additional-paths",
						Boolean.class, false)) {
			return;
		}
		List<String> unreachable = new ArrayList<>();
		for (String probe : List.of("/livez", "/readyz")) {
			Answer answer = get(port, probe, null);
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

	private static Answer get(int port, String path, String authorization) {
		HttpURLConnection connection = null;
		try {
			// Straight to loopback, whatever proxy the JVM is configured with.
			connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path)
				.toURL()
				.openConnection(Proxy.NO_PROXY);
			connection.setConnectTimeout(TIMEOUT_MILLIS);
			connection.setReadTimeout(TIMEOUT_MILLIS);
			connection.setInstanceFollowRedirects(false);
			connection.setUseCaches(false);
			if (authorization != null) {
				connection.setRequestProperty("Authorization", authorization);
			}
			int status = connection.getResponseCode();
			String location = connection.getHeaderField("Location");
			discardBody(connection, status);
			return new Answer(status, location);
		}
		catch (IOException | RuntimeException ex) {
			return new Answer(-1, ex.getClass().getSimpleName());
		}
		finally {
			if (connection != null) {
				connection.disconnect();
			}
		}
	}

	private static void discardBody(HttpURLConnection connection, int status) throws IOException {
		try (InputStream body = (status < 400) ? connection.getInputStream() : connection.getErrorStream()) {
			if (body != null) {
				body.transferTo(OutputStream.nullOutputStream());
			}
		}
	}

	private record Answer(int status, String detail) {

	}

}
