package dev.observability.autoconfigure.core;

import java.time.Duration;
import java.util.List;

import dev.observability.core.PathPatterns;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Checks of bound values that fail startup with a message naming the property, its value and what
 * it may be, for the bounds that Spring Boot's binding does not know.
 */
public final class PropertyChecks {

	private PropertyChecks() {
	}

	/**
	 * Check that a number is at least a minimum.
	 * @param name the property's name
	 * @param value the bound value
	 * @param minimum the lowest value allowed
	 * @return the value
	 * @throws InvalidConfigurationPropertyValueException if it is lower
	 */
	public static int atLeast(String name, int value, int minimum) {
		if (value < minimum) {
			throw new InvalidConfigurationPropertyValueException(name, value, "Must be at least " + minimum + ".");
		}
		return value;
	}

	/**
	 * Check that a duration is longer than zero.
	 * @param name the property's name
	 * @param value the bound value
	 * @return the value
	 * @throws InvalidConfigurationPropertyValueException if it is zero or negative
	 */
	public static Duration positive(String name, Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(name, value, "Must be longer than zero.");
		}
		return value;
	}

	/**
	 * Check that a size is larger than zero.
	 * @param name the property's name
	 * @param value the bound value
	 * @return the value
	 * @throws InvalidConfigurationPropertyValueException if it is zero or negative
	 */
	public static DataSize positive(String name, DataSize value) {
		if (value == null || value.toBytes() <= 0) {
			throw new InvalidConfigurationPropertyValueException(name, value, "Must be larger than zero.");
		}
		return value;
	}

	/**
	 * Check every path pattern of a property, failing on the first that {@link PathPatterns} cannot
	 * match.
	 * @param name the property's name
	 * @param patterns the bound patterns
	 * @return the patterns
	 * @throws InvalidConfigurationPropertyValueException if a pattern is invalid
	 */
	public static List<String> paths(String name, List<String> patterns) {
		for (int i = 0; i < patterns.size(); i++) {
			if (!PathPatterns.isValid(patterns.get(i))) {
				throw new InvalidConfigurationPropertyValueException(name + "[" + i + "]", patterns.get(i),
						"A path starts with '/' and is either exact or a prefix ending with '/**'.");
			}
		}
		return patterns;
	}

}
