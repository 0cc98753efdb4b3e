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
		String path = normalize((contextPath.isEmpty() || !uri.startsWith(contextPath)) ? uri
				: uri.substring(contextPath.length()));
		for (String candidate : this.protectedPaths) {
			if (path.equals(candidate) || path.startsWith(candidate + "/")) {
				return true;
			}
		}
		return false;
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
