package dev.observability.autoconfigure.correlation;

import java.util.ArrayList;
import java.util.List;

import dev.observability.correlation.Correlation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Request id correlation, bound to {@code observability.request-id.*}.
 */
@ConfigurationProperties("observability.request-id")
public class RequestIdProperties {

	static final int MAX_LENGTH_LIMIT = 1024;

	/**
	 * Whether every request gets a request id, in the MDC and in the response header.
	 */
	private boolean enabled = true;

	/**
	 * Response header that carries the request id, and the header sent on outgoing calls.
	 */
	private String header = "X-Request-Id";

	/**
	 * Inbound headers read for a caller's request id, in order; the first present one is used. A
	 * value that is too long, has characters outside letters, digits and "-_.:+=/", or holds what the
	 * privacy policy masks (a token, "password=...") is replaced by a fresh id, never echoed.
	 */
	private List<String> acceptedHeaders = new ArrayList<>(List.of("X-Request-Id", "X-Correlation-Id"));

	/**
	 * Longest inbound request id accepted, in characters (1 to 1024).
	 */
	private int maxLength = 128;

	/**
	 * Propagation of the request id to other threads and services.
	 */
	private final Propagation propagation = new Propagation();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getHeader() {
		return this.header;
	}

	public void setHeader(String header) {
		if (header == null || !isToken(header)) {
			throw new InvalidConfigurationPropertyValueException("observability.request-id.header", header,
					"A header name needs at least one character, and only letters, digits and '-' or '_'.");
		}
		this.header = header;
	}

	public List<String> getAcceptedHeaders() {
		return this.acceptedHeaders;
	}

	public void setAcceptedHeaders(List<String> acceptedHeaders) {
		for (int i = 0; i < acceptedHeaders.size(); i++) {
			if (acceptedHeaders.get(i) == null || !isToken(acceptedHeaders.get(i))) {
				throw new InvalidConfigurationPropertyValueException(
						"observability.request-id.accepted-headers[" + i + "]", acceptedHeaders.get(i),
						"A header name needs at least one character, and only letters, digits and '-' or '_'.");
			}
		}
		this.acceptedHeaders = acceptedHeaders;
	}

	public int getMaxLength() {
		return this.maxLength;
	}

	public void setMaxLength(int maxLength) {
		if (maxLength < 1 || maxLength > MAX_LENGTH_LIMIT) {
			throw new InvalidConfigurationPropertyValueException("observability.request-id.max-length", maxLength,
					"The longest accepted request id must be between 1 and " + MAX_LENGTH_LIMIT + " characters.");
		}
		this.maxLength = maxLength;
	}

	public Propagation getPropagation() {
		return this.propagation;
	}

	private static boolean isToken(String name) {
		if (name.isEmpty()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Propagation switches.
	 */
	public static class Propagation {

		/**
		 * Whether tasks run by Spring Boot's task executor and scheduler ({@code @Async},
		 * {@code @Scheduled}) see the submitting thread's MDC; a scheduled run gets its own fresh
		 * request id.
		 */
		private boolean tasks = true;

		/**
		 * Whether outgoing calls made with Spring Boot's RestClient.Builder, RestTemplateBuilder and
		 * WebClient.Builder send the current request id.
		 */
		private boolean httpClients = true;

		public boolean isTasks() {
			return this.tasks;
		}

		public void setTasks(boolean tasks) {
			this.tasks = tasks;
		}

		public boolean isHttpClients() {
			return this.httpClients;
		}

		public void setHttpClients(boolean httpClients) {
			this.httpClients = httpClients;
		}

	}

}
