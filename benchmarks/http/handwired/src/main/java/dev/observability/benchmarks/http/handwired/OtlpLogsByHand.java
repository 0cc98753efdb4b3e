package dev.observability.benchmarks.http.handwired;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Logs over OTLP as a user wires them without the starter (variant B1-logs): Spring Boot builds the
 * SDK's logger provider and OTLP exporter from its OTLP logging endpoint property,
 * {@code logback-spring.xml} adds OpenTelemetry's Logback appender under the {@code otlp-logs}
 * profile, and this bean hands the SDK to that appender once the context has it.
 */
@Component
@Profile("otlp-logs")
class OtlpLogsByHand implements InitializingBean {

	private final OpenTelemetry openTelemetry;

	OtlpLogsByHand(OpenTelemetry openTelemetry) {
		this.openTelemetry = openTelemetry;
	}

	@Override
	public void afterPropertiesSet() {
		OpenTelemetryAppender.install(this.openTelemetry);
	}

}
