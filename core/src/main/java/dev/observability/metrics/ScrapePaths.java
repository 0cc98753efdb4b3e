package dev.observability.metrics;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.springframework.core.env.Environment;

/**
 * The paths the scrape credentials protect ({@code /actuator/prometheus} and
 * {@code /actuator/observability}, under the management base path and path mappings), and the one
 * way the servlet and the reactive filters recognise them: in any spelling (percent-encoded, with
 * path parameters, doubled or trailing slashes, another case).
 */
public final class ScrapePaths {

	public static final String ENDPOINT_ID = "prometheus";

	public static final String OBSERVABILITY_ENDPOINT_ID = "observability";

	private final List<String> paths;

	ScrapePaths(List<String> paths) {
		this.paths = paths.stream().map(ScrapePaths::normalize).toList();
	}

	/**
	 * The protected paths of the application's settings.
	 * @param environment the environment
	 * @return the paths
	 */
	public static ScrapePaths of(Environment environment) {
		return new ScrapePaths(
				List.of(endpointPath(environment, ENDPOINT_ID), endpointPath(environment, OBSERVABILITY_ENDPOINT_ID)));
	}

	/**
	 * The path of the scrape endpoint, as a user would type it.
	 * @param environment the environment
	 * @return the path
	 */
	public static String scrapePath(Environment environment) {
		return endpointPath(environment, ENDPOINT_ID);
	}

	static String endpointPath(Environment environment, String id) {
		String base = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		String mapping = environment.getProperty("management.endpoints.web.path-mapping." + id, id);
		return ("/".equals(base) ? "" : base) + "/" + mapping;
	}

	/**
	 * Whether the path, within the application (its context path left out), names a protected
	 * endpoint or anything under it.
	 * @param path the raw path
	 * @return whether it is protected
	 */
	public boolean matches(String path) {
		return matches(path, 0);
	}

	/**
	 * Whether the path, read from the given index on, names a protected endpoint or anything under
	 * it.
	 * @param path the raw path
	 * @param from where the path within the application starts
	 * @return whether it is protected
	 */
	public boolean matches(String path, int from) {
		// Most paths are already in normal form: compare them where they are, without allocating.
		return isNormal(path, from) ? matchesNormal(path, from) : matchesNormal(normalize(path.substring(from)), 0);
	}

	private boolean matchesNormal(String path, int from) {
		int end = path.length();
		if (end - from > 1 && path.charAt(end - 1) == '/') {
			end--;
		}
		for (String candidate : this.paths) {
			int length = candidate.length();
			if (end - from >= length && path.regionMatches(from, candidate, 0, length)
					&& (end - from == length || path.charAt(from + length) == '/')) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the path needs no normalising: lower-case letters, digits, '-', '_', '.' and single
	 * slashes, with no segment starting with a dot.
	 */
	private static boolean isNormal(String path, int from) {
		char previous = 0;
		for (int i = from; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c == '/') {
				if (previous == '/') {
					return false;
				}
			}
			else if (c == '.') {
				if (previous == '/') {
					return false;
				}
			}
			else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
				return false;
			}
			previous = c;
		}
		return from < path.length() && path.charAt(from) == '/';
	}

	/**
	 * Lower case, percent-decoded, without path parameters, doubled slashes, dot segments or a
	 * trailing slash: every spelling of the endpoint reads the same.
	 */
	static String normalize(String path) {
		String decoded = path;
		for (int i = 0; i < 3 && decoded.indexOf('%') >= 0; i++) {
			try {
				decoded = URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				break;
			}
		}
		StringBuilder normalized = new StringBuilder(decoded.length());
		for (String segment : decoded.split("/")) {
			int parameters = segment.indexOf(';');
			String name = (parameters >= 0) ? segment.substring(0, parameters) : segment;
			if ("..".equals(name)) {
				normalized.setLength(Math.max(normalized.lastIndexOf("/"), 0));
			}
			else if (!name.isEmpty() && !".".equals(name)) {
				normalized.append('/').append(name.toLowerCase(Locale.ROOT));
			}
		}
		return (normalized.length() == 0) ? "/" : normalized.toString();
	}

}
