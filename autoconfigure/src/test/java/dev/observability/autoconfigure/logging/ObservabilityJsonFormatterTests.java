package dev.observability.autoconfigure.logging;

import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observability.autoconfigure.privacy.PrivacyProperties;
import dev.observability.core.ServiceInfo;
import dev.observability.logging.LogPolicy;
import dev.observability.privacy.PrivacyPolicy;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ObservabilityJsonFormatterTests {

	private final ObjectMapper json = new ObjectMapper();

	private final Logger logger = (Logger) LoggerFactory.getLogger("test.json");

	private final ObservabilityJsonFormatter formatter = new ObservabilityJsonFormatter(
			new ServiceInfo("orders", "1.2.3", "staging"), LogPolicy.of(new PrivacyProperties().toPolicy()), 200);

	@Test
	void shouldWriteOneJsonObjectPerLineWithServiceAndMdcFields() throws Exception {
		LoggingEvent event = event("Order {} placed", 42);
		event.setMDCPropertyMap(Map.of("requestId", "req-1", "traceId", "0af7651916cd43dd8448eb211c80319c"));
		String line = this.formatter.format(event);
		assertThat(line).endsWith(System.lineSeparator()).doesNotContain("\n{");
		JsonNode node = this.json.readTree(line);
		assertThat(node.get("message").asText()).isEqualTo("Order 42 placed");
		assertThat(node.get("level").asText()).isEqualTo("INFO");
		assertThat(node.get("logger_name").asText()).isEqualTo("test.json");
		assertThat(node.has("@timestamp")).isTrue();
		assertThat(node.has("thread_name")).isTrue();
		assertThat(node.get("service").asText()).isEqualTo("orders");
		assertThat(node.get("environment").asText()).isEqualTo("staging");
		assertThat(node.get("version").asText()).isEqualTo("1.2.3");
		assertThat(node.get("requestId").asText()).isEqualTo("req-1");
		assertThat(node.get("traceId").asText()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
		assertThat(node.has("@version")).isFalse();
	}

	@Test
	void shouldMaskSecretsInTheMessageAndUnderSensitiveKeys() throws Exception {
		LoggingEvent event = event("Login for {} with password={}", "jane@example.com", "hunter2");
		event.setMDCPropertyMap(Map.of("apiKey", "k-123456"));
		String line = this.formatter.format(event);
		assertThat(line).doesNotContain("hunter2", "jane@example.com", "k-123456");
		JsonNode node = this.json.readTree(line);
		assertThat(node.get("message").asText()).isEqualTo("Login for [Filtered] with password=[Filtered]");
		assertThat(node.get("apiKey").asText()).isEqualTo("[Filtered]");
	}

	@Test
	void shouldMaskKeyValuePairsBySensitiveKey() throws Exception {
		LoggingEvent event = event("token refreshed");
		event.addKeyValuePair(new org.slf4j.event.KeyValuePair("refresh_token", "opaque-value"));
		event.addKeyValuePair(new org.slf4j.event.KeyValuePair("status", 200));
		JsonNode node = this.json.readTree(this.formatter.format(event));
		assertThat(node.get("refresh_token").asText()).isEqualTo("[Filtered]");
		assertThat(node.get("status").asInt()).isEqualTo(200);
	}

	@Test
	void shouldWriteNumbersAsNumbers() throws Exception {
		LoggingEvent event = event("order placed");
		event.addKeyValuePair(new org.slf4j.event.KeyValuePair("status", 200));
		event.addKeyValuePair(new org.slf4j.event.KeyValuePair("bytes", 12_345_678_901L));
		event.addKeyValuePair(new org.slf4j.event.KeyValuePair("ratio", 0.25));
		JsonNode node = this.json.readTree(this.formatter.format(event));
		assertThat(node.get("status").isInt()).isTrue();
		assertThat(node.get("status").intValue()).isEqualTo(200);
		assertThat(node.get("bytes").isLong()).isTrue();
		assertThat(node.get("bytes").longValue()).isEqualTo(12_345_678_901L);
		assertThat(node.get("ratio").isDouble()).isTrue();
		assertThat(node.get("ratio").doubleValue()).isEqualTo(0.25);
	}

	@Test
	void shouldReplaceANumberUnderASensitiveKey() throws Exception {
		LoggingEvent event = event("card checked");
		event.addKeyValuePair(new org.slf4j.event.KeyValuePair("secret", 4711));
		event.addKeyValuePair(new org.slf4j.event.KeyValuePair("attempts", 3));
		JsonNode node = this.json.readTree(this.formatter.format(event));
		assertThat(node.get("secret").asText()).isEqualTo("[Filtered]");
		assertThat(node.get("attempts").asInt()).isEqualTo(3);
	}

	@Test
	void shouldWriteTraceAndSpanIdsAsTheTracerMadeThem() throws Exception {
		// A span id of 16 decimal digits reads as a card number anywhere else.
		LoggingEvent event = event("traced");
		event.setMDCPropertyMap(Map.of("traceId", "0af7651916cd43dd8448eb211c80319c", "spanId", "4111111111111111",
				"orderId", "4111111111111111"));
		JsonNode node = this.json.readTree(this.formatter.format(event));
		assertThat(node.get("spanId").asText()).isEqualTo("4111111111111111");
		assertThat(node.get("orderId").asText()).isEqualTo("[Filtered]");
	}

	@Test
	void shouldTruncateOversizedValuesAfterMasking() throws Exception {
		JsonNode node = this.json.readTree(this.formatter.format(event("x".repeat(1000))));
		String message = node.get("message").asText();
		assertThat(message).hasSize(200).endsWith(PrivacyPolicy.TRUNCATED);
	}

	@Test
	void shouldWriteAShortenedAndMaskedStackTrace() throws Exception {
		LoggingEvent event = event("failed");
		event.setThrowableProxy(new ch.qos.logback.classic.spi.ThrowableProxy(
				new IllegalStateException("cannot use token Bearer abc.def.ghi")));
		ObservabilityJsonFormatter wide = new ObservabilityJsonFormatter(new ServiceInfo("a", "1", "b"),
				LogPolicy.of(new PrivacyProperties().toPolicy()), 8192);
		JsonNode node = this.json.readTree(wide.format(event));
		assertThat(node.get("stack_trace").asText()).startsWith("java.lang.IllegalStateException: cannot use token Bearer [Filtered]")
			.doesNotContain("abc.def.ghi");
	}

	@Test
	void shouldReadItsSettingsFromTheEnvironment() throws Exception {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "billing")
			.withProperty("observability.environment", "prod")
			.withProperty("observability.privacy.sensitive-keys[0]", "iban")
			.withProperty("observability.logging.max-value-length", "100");
		ObservabilityJsonFormatter fromEnvironment = new ObservabilityJsonFormatter(environment);
		LoggingEvent event = event("y".repeat(300));
		event.setMDCPropertyMap(Map.of("iban", "DE89370400440532013000"));
		JsonNode node = this.json.readTree(fromEnvironment.format(event));
		assertThat(node.get("service").asText()).isEqualTo("billing");
		assertThat(node.get("environment").asText()).isEqualTo("prod");
		assertThat(node.get("iban").asText()).isEqualTo("[Filtered]");
		assertThat(node.get("message").asText()).hasSize(100);
	}

	private LoggingEvent event(String message, Object... arguments) {
		LoggingEvent event = new LoggingEvent("test", this.logger, Level.INFO, message, null, arguments);
		event.setLoggerContext((LoggerContext) LoggerFactory.getILoggerFactory());
		return event;
	}

}
