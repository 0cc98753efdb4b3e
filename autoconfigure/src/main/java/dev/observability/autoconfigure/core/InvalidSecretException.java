package dev.observability.autoconfigure.core;

/**
 * A secret given in configuration that cannot be used: a placeholder whose variable is not set, an
 * empty value, one too short. Reported at startup by {@link InvalidSecretFailureAnalyzer}, which
 * never prints the value.
 */
public class InvalidSecretException extends RuntimeException {

	private final String property;

	private final String reason;

	InvalidSecretException(String property, String reason) {
		super("Property " + property + " is not a usable secret: " + reason);
		this.property = property;
		this.reason = reason;
	}

	/**
	 * The property that holds the secret.
	 * @return its name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Why the secret cannot be used.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
