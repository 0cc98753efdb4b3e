package dev.observability.autoconfigure.core;

/**
 * Checks a secret given in configuration before it is used: a placeholder left unresolved (its
 * variable unset), an empty value or one too short to guess would otherwise become a secret that
 * anyone can read in the application's own configuration.
 */
public final class SecretProperty {

	private SecretProperty() {
	}

	/**
	 * Check a secret property's value.
	 * @param name the property's name
	 * @param value the value bound, {@code null} when the property is not set
	 * @param minimumLength the fewest characters a value may have
	 * @return the value
	 * @throws InvalidSecretException when the value is a placeholder whose variable is not set, empty,
	 * or shorter than the minimum
	 */
	public static String check(String name, String value, int minimumLength) {
		if (value == null) {
			return null;
		}
		int placeholder = value.indexOf("${");
		if (placeholder >= 0) {
			throw new InvalidSecretException(name, "It is the placeholder " + value + " whose variable "
					+ variable(value, placeholder + 2) + " is not set, so it would be used as it is written.");
		}
		if (value.isBlank()) {
			throw new InvalidSecretException(name, "It is empty; a secret has at least " + minimumLength
					+ " characters.");
		}
		if (value.length() < minimumLength) {
			throw new InvalidSecretException(name, "It has " + value.length()
					+ " characters, too few to keep anyone out: use at least " + minimumLength + ".");
		}
		return value;
	}

	private static String variable(String value, int from) {
		int end = from;
		while (end < value.length() && value.charAt(end) != '}' && value.charAt(end) != ':') {
			end++;
		}
		return value.substring(from, end);
	}

}
