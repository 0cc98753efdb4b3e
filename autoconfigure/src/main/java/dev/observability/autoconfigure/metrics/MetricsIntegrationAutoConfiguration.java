package dev.observability.autoconfigure.metrics;

import java.util.List;
import java.util.Set;

import dev.observability.autoconfigure.core.BootLine;
import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.autoconfigure.core.OtlpEnvironmentPostProcessor;
import dev.observability.core.ServiceInfo;
import dev.observability.metrics.ApplicationInfoMetrics;
import dev.observability.metrics.FlowTagCardinalityFilter;
import dev.observability.metrics.ScrapeCredentials;
import dev.observability.metrics.ScrapePaths;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Prometheus metrics for an observable service: every series gets {@code application} and
 * {@code environment} (set as Spring Boot's common tags), the info series
 * {@code application_info{version, release}} exists, and the values of flow keys are capped. Once
 * the application is ready, {@link Reachability} asks it what the scrape and the probes answer, and
 * the startup line says so. The scrape's protection is {@link PrometheusScrapeSecurityAutoConfiguration}'s.
 */
@AutoConfiguration(after = WebEndpointAutoConfiguration.class,
		afterName = BootLine.PROMETHEUS_METRICS_EXPORT_AUTO_CONFIGURATION)
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnClass(name = BootLine.PROMETHEUS_SCRAPE_ENDPOINT)
@ConditionalOnWebApplication
@EnableConfigurationProperties(MetricsIntegrationProperties.class)
public class MetricsIntegrationAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(MetricsIntegrationAutoConfiguration.class);

	private static final String OTLP_METER_REGISTRY = "io.micrometer.registry.otlp.OtlpMeterRegistry";

	@Bean
	Reachability observabilityReachability(Environment environment, ObjectProvider<ScrapeCredentials> credentials) {
		return new Reachability(environment, credentials);
	}

	@Bean
	ObservabilityFeature metricsFeature(MetricsIntegrationProperties properties, Environment environment,
			Reachability reachability) {
		MetricsIntegrationProperties.Prometheus prometheus = properties.getPrometheus();
		String access;
		if (prometheus.getSecurity() == MetricsIntegrationProperties.Security.NONE) {
			logger.warn("{} is open to anyone who reaches it (observability.metrics.prometheus.security=none)",
					scrapePath(environment));
			access = "open, observability.metrics.prometheus.security=none";
		}
		else {
			access = (prometheus.getToken() != null) ? "HTTP Basic or bearer token" : "HTTP Basic";
		}
		String path = scrapePath(environment);
		// What the scrape answers is known once the application is ready: read when asked.
		return ObservabilityFeature.of("metrics", () -> "on (%s: %s; %s)".formatted(path, access,
				reachability.scrape()));
	}

	/**
	 * Where metrics are pushed over OTLP, when {@code micrometer-registry-otlp} is on the classpath.
	 */
	@Bean
	@ConditionalOnClass(name = OTLP_METER_REGISTRY)
	ObservabilityFeature otlpMetricsFeature(Environment environment, ObjectProvider<MeterRegistry> registries) {
		return ObservabilityFeature.of("otlp-metrics", () -> {
			boolean pushing = registries.stream().anyMatch(MetricsIntegrationAutoConfiguration::isOtlp);
			String url = environment.getProperty(OtlpEnvironmentPostProcessor.OTLP_METRICS_URL);
			if (pushing) {
				return "on (to " + ((url != null) ? ObservabilityFeature.endpoint(url) : "http://localhost:4318/v1/metrics")
						+ ", every " + environment.getProperty("management.otlp.metrics.export.step", "1m") + ")";
			}
			return (url == null) ? "off (no " + OtlpEnvironmentPostProcessor.OTLP_METRICS_URL + ")"
					: "off (" + OtlpEnvironmentPostProcessor.OTLP_METRICS_EXPORT_ENABLED + "=false)";
		});
	}

	private static boolean isOtlp(MeterRegistry registry) {
		if (registry instanceof CompositeMeterRegistry composite) {
			return composite.getRegistries().stream().anyMatch(MetricsIntegrationAutoConfiguration::isOtlp);
		}
		return registry.getClass().getName().equals(OTLP_METER_REGISTRY);
	}

	@Bean
	@ConditionalOnMissingBean
	ApplicationInfoMetrics applicationInfoMetrics(ObjectProvider<ServiceInfo> service, Environment environment) {
		return new ApplicationInfoMetrics(service.getIfAvailable(() -> ServiceInfo.from(environment)));
	}

	@Bean
	@ConditionalOnMissingBean
	static FlowTagCardinalityFilter flowTagCardinalityFilter(Environment environment) {
		// A meter filter must exist before any meter: read the properties directly.
		Binder binder = Binder.get(environment);
		MetricsIntegrationProperties properties = binder.bindOrCreate("observability.metrics",
				MetricsIntegrationProperties.class);
		List<String> flows = binder.bind("observability.tracing.flows", Bindable.listOf(String.class))
			.orElse(List.of("oauth.exchange", "sync.run", "mcp.command"));
		return new FlowTagCardinalityFilter(Set.copyOf(flows), properties.getMaxTagValues());
	}

	static String scrapePath(Environment environment) {
		return ScrapePaths.scrapePath(environment);
	}

}
