package dev.observability.metrics;

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
import org.springframework.core.Ordered;
import org.springframework.util.StringUtils;

/**
 * The credentials a scrape must present: HTTP Basic with the configured user and password, or a
 * bearer token. Every comparison takes the same time whatever the input, and every rejected
 * attempt is counted in {@value #FAILURES_METER}.
 */
public final class ScrapeCredentials {

	/**
	 * The order of the filters that check a scrape's credentials: early, before the application's
	 * own filters can see the request.
	 */
	public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

	public static final String FAILURES_METER = "observability.scrape.auth.failures";

	/**
	 * The {@code WWW-Authenticate} header of a refused scrape.
	 */
	public static final String CHALLENGE = "Basic realm=\"metrics\"";

	private static final Logger logger = LoggerFactory.getLogger(ScrapeCredentials.class);

	private final byte[] basic;

	private final byte[] bearer;

	private final ObjectProvider<MeterRegistry> registry;

	/**
	 * Create the credentials of the scrape.
	 * @param username the user of HTTP Basic
	 * @param password the password of HTTP Basic, or {@code null} for none (a random one is
	 * generated and logged when there is no token either)
	 * @param token the bearer token, or {@code null} for none
	 * @param endpointPath the path of the scrape endpoint, for the log line
	 * @param registry where refused attempts are counted
	 * @param quiet whether a generated password is logged at DEBUG rather than WARN, as in the
	 * application's own tests, where no one scrapes
	 */
	public ScrapeCredentials(String username, String password, String token, String endpointPath,
			ObjectProvider<MeterRegistry> registry, boolean quiet) {
		if (!StringUtils.hasText(password) && !StringUtils.hasText(token)) {
			byte[] random = new byte[16];
			new SecureRandom().nextBytes(random);
			password = HexFormat.of().formatHex(random);
			String message = """
					Using a generated password for {} (user '{}'): {}
					Set observability.metrics.prometheus.password (or .token) for a stable one.""";
			if (quiet) {
				logger.debug(message, endpointPath, username, password);
			}
			else {
				logger.warn(message, endpointPath, username, password);
			}
		}
		this.basic = StringUtils.hasText(password) ? ("Basic " + Base64.getEncoder()
			.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)))
			.getBytes(StandardCharsets.UTF_8) : null;
		this.bearer = StringUtils.hasText(token)
				? ("Bearer " + token).getBytes(StandardCharsets.UTF_8) : null;
		this.registry = registry;
	}

	/**
	 * The header value that carries these credentials, as the scrape sends it: HTTP Basic when a
	 * password is set, else the bearer token.
	 * @return the {@code Authorization} header value
	 */
	public String authorization() {
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
