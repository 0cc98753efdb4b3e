package dev.observability.autoconfigure.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.StringUtils;

/**
 * The credentials a scrape must present: HTTP Basic with the configured user and password, or a
 * bearer token. Every comparison takes the same time whatever the input, and every rejected
 * attempt is counted in {@value #FAILURES_METER}.
 */
public final class ScrapeCredentials {

	static final String FAILURES_METER = "observability.scrape.auth.failures";

	/**
	 * The {@code WWW-Authenticate} header of a refused scrape.
	 */
	static final String CHALLENGE = "Basic realm=\"metrics\"";

	private static final Logger logger = LoggerFactory.getLogger(ScrapeCredentials.class);

	private final byte[] basic;

	private final byte[] bearer;

	private final ObjectProvider<MeterRegistry> registry;

	ScrapeCredentials(MetricsIntegrationProperties.Prometheus properties, String endpointPath,
			ObjectProvider<MeterRegistry> registry) {
		this(properties, endpointPath, registry, false);
	}

	/**
	 * Create the credentials of the scrape.
	 * @param properties the scrape's settings
	 * @param endpointPath the path of the scrape endpoint, for the log line
	 * @param registry where refused attempts are counted
	 * @param quiet whether a generated password is logged at DEBUG rather than WARN, as in the
	 * application's own tests, where no one scrapes
	 */
	ScrapeCredentials(MetricsIntegrationProperties.Prometheus properties, String endpointPath,
			ObjectProvider<MeterRegistry> registry, boolean quiet) {
		String password = properties.getPassword();
		if (!StringUtils.hasText(password) && !StringUtils.hasText(properties.getToken())) {
			byte[] random = new byte[16];
			new SecureRandom().nextBytes(random);
			password = HexFormat.of().formatHex(random);
			String message = """
					Using a generated password for {} (user '{}'): {}
					Set observability.metrics.prometheus.password (or .token) for a stable one.""";
			if (quiet) {
				logger.debug(message, endpointPath, properties.getUsername(), password);
			}
			else {
				logger.warn(message, endpointPath, properties.getUsername(), password);
			}
		}
		this.basic = StringUtils.hasText(password) ? ("Basic " + Base64.getEncoder()
			.encodeToString((properties.getUsername() + ":" + password).getBytes(StandardCharsets.UTF_8)))
			.getBytes(StandardCharsets.UTF_8) : null;
		this.bearer = StringUtils.hasText(properties.getToken())
				? ("Bearer " + properties.getToken()).getBytes(StandardCharsets.UTF_8) : null;
		this.registry = registry;
	}

	/**
	 * The header value that carries these credentials, as the scrape sends it: HTTP Basic when a
	 * password is set, else the bearer token.
	 * @return the {@code Authorization} header value
	 */
	String authorization() {
		return new String((this.basic != null) ? this.basic : this.bearer, StandardCharsets.UTF_8);
	}

	/**
	 * Whether a request's {@code Authorization} header holds valid scrape credentials; wrong ones
	 * are counted. Takes the header rather than a request, so that servlet and reactive
	 * applications share it.
	 * @param authorization the header's value, or {@code null}
	 * @return whether it may scrape
	 */
	public boolean accepts(String authorization) {
		if (authorization == null) {
			return false;
		}
		byte[] presented = authorization.getBytes(StandardCharsets.UTF_8);
		boolean valid = (this.basic != null && MessageDigest.isEqual(this.basic, presented))
				| (this.bearer != null && MessageDigest.isEqual(this.bearer, presented));
		if (!valid) {
			MeterRegistry meterRegistry = (this.registry != null) ? this.registry.getIfUnique() : null;
			if (meterRegistry != null) {
				Counter.builder(FAILURES_METER)
					.description("Scrapes refused for wrong credentials")
					.register(meterRegistry)
					.increment();
			}
		}
		return valid;
	}

}
