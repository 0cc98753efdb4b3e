package dev.observability.sample;

import java.time.Duration;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Readiness depends on the upstream the sample calls: the service is not ready to take traffic
 * while it cannot reach it. Part of the readiness group ({@code /readyz}), not of liveness.
 */
@Component("upstream")
class UpstreamHealthIndicator implements HealthIndicator {

	private final RestClient client;

	private final Environment environment;

	UpstreamHealthIndicator(RestClient.Builder builder, Environment environment) {
		this.client = builder
			.requestFactory(ClientHttpRequestFactoryBuilder.detect()
				.build(HttpClientSettings.defaults()
					.withConnectTimeout(Duration.ofSeconds(1))
					.withReadTimeout(Duration.ofSeconds(1))))
			.build();
		this.environment = environment;
	}

	@Override
	public Health health() {
		String url = this.environment.getProperty("sample.upstream.url", "http://localhost:"
				+ this.environment.getProperty("local.server.port", "8080") + "/api/public/echo-headers");
		try {
			this.client.get().uri(url).retrieve().toBodilessEntity();
			return Health.up().withDetail("url", url).build();
		}
		catch (RuntimeException ex) {
			return Health.down().withDetail("url", url).withDetail("error", ex.getClass().getSimpleName()).build();
		}
	}

}
