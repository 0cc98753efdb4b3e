package dev.observability.core;

import java.util.List;

/**
 * A small set of request paths, each exact ({@code /favicon.ico}) or a prefix ending with
 * {@code /**} ({@code /actuator/**}, which also matches {@code /actuator}), matched without regular
 * expressions or allocation: it runs on every request.
 */
public final class PathPatterns {

	private final String[] exact;

	private final String[] prefixes;

	private PathPatterns(List<String> patterns) {
		this.exact = patterns.stream().filter((path) -> !path.endsWith("/**")).toArray(String[]::new);
		this.prefixes = patterns.stream()
			.filter((path) -> path.endsWith("/**"))
			.map((path) -> path.substring(0, path.length() - 3))
			.toArray(String[]::new);
	}

	/**
	 * Compile patterns, each already checked with {@link #isValid(String)}.
	 * @param patterns the patterns
	 * @return the compiled set
	 */
	public static PathPatterns of(List<String> patterns) {
		return new PathPatterns(patterns);
	}

	/**
	 * Whether a pattern has the supported form: starts with '/', and either has no wildcard or ends
	 * with {@code /**} and has no other.
	 * @param pattern the pattern
	 * @return whether it is valid
	 */
	public static boolean isValid(String pattern) {
		if (pattern == null || !pattern.startsWith("/")) {
			return false;
		}
		int wildcard = pattern.indexOf('*');
		return wildcard < 0 || (pattern.endsWith("/**") && wildcard == pattern.length() - 2);
	}

	/**
	 * Whether a path matches one of the patterns.
	 * @param path the request path, without context path or query
	 * @return whether it matches
	 */
	public boolean matches(String path) {
		for (String candidate : this.exact) {
			if (candidate.equals(path)) {
				return true;
			}
		}
		for (String prefix : this.prefixes) {
			if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
				return true;
			}
		}
		return false;
	}

}
