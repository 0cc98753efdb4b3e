package dev.observability.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the browser page needs to start the Sentry browser SDK: its DSN (a browser project's, which
 * is public by design), its release {@code frontend@<version>} and the tunnel path.
 */
@RestController
class BrowserConfigController {

	private final Map<String, Object> config = new LinkedHashMap<>();

	BrowserConfigController(@Value("${sample.browser.dsn:}") String dsn,
			@Value("${spring.application.version:0.1.0}") String version,
			@Value("${observability.sentry.tunnel.path:/monitoring/sentry}") String tunnel,
			@Value("${observability.environment:default}") String environment) {
		this.config.put("dsn", dsn);
		this.config.put("release", "frontend@" + version);
		this.config.put("tunnel", tunnel);
		this.config.put("environment", environment);
	}

	@GetMapping("/browser-config")
	Map<String, Object> config() {
		return this.config;
	}

}
