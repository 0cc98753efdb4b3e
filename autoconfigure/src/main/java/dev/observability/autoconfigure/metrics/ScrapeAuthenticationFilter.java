package dev.observability.autoconfigure.metrics;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Protects the scrape endpoint of an application without Spring Security: a request for it (in any
 * spelling: percent-encoded, with path parameters, doubled or trailing slashes, another case) must
 * carry the scrape credentials, else it gets 401 and reaches nothing.
 */
final class ScrapeAuthenticationFilter implements Filter {

	private final List<String> protectedPaths;

	private final ScrapeCredentials credentials;

	ScrapeAuthenticationFilter(List<String> protectedPaths, ScrapeCredentials credentials) {
		this.protectedPaths = protectedPaths.stream().map((path) -> normalize(path)).toList();
		this.credentials = credentials;
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		if (req instanceof HttpServletRequest request && res instanceof HttpServletResponse response
				&& isProtected(request) && !this.credentials.accepts(request)) {
			response.setHeader("WWW-Authenticate", "Basic realm=\"metrics\"");
			response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
			return;
		}
		chain.doFilter(req, res);
	}

	boolean isProtected(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		int from = (contextPath.isEmpty() || !uri.startsWith(contextPath)) ? 0 : contextPath.length();
		// Most paths are already in normal form: compare them where they are, without allocating.
		return isNormal(uri, from) ? matches(uri, from) : matches(normalize(uri.substring(from)), 0);
	}

	private boolean matches(String path, int from) {
		int end = path.length();
		if (end - from > 1 && path.charAt(end - 1) == '/') {
			end--;
		}
		for (String candidate : this.protectedPaths) {
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
	 * Lower case, percent-decoded, without path parameters, doubled slashes or a trailing slash:
	 * every spelling of the endpoint reads the same.
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
			if (!name.isEmpty() && !".".equals(name)) {
				normalized.append('/').append(name.toLowerCase(Locale.ROOT));
			}
		}
		return (normalized.length() == 0) ? "/" : normalized.toString();
	}

}
