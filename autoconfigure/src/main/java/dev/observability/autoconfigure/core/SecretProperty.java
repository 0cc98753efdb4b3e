package dev.observability.autoconfigure.core;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

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
	 * @throws InvalidConfigurationPropertyValueException when the value is a placeholder whose variable
	 * is not set, empty, or shorter than the minimum
	 */
	public static String check(String name, String value, int minimumLength) {
		if (value == null) {
			return null;
		}
		int placeholder = value.indexOf("${");
		if (placeholder >= 0) {
			throw new InvalidConfigurationPropertyValueException(name, value,
					"It is a placeholder whose variable " + variable(value, placeholder + 2)
							+ " is not set, so it would be used as it is written. Set the variable, or remove "
							+ "the property.");
		}
		if (value.isBlank()) {
			throw new InvalidConfigurationPropertyValueException(name, "",
					"It is empty. Set a value of at least " + minimumLength
							+ " characters, or remove the property.");
		}
		if (value.length() < minimumLength) {
			throw new InvalidConfigurationPropertyValueException(name, "(" + value.length() + " characters)",
					"It is too short to keep anyone out: use at least " + minimumLength + " characters.");
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
