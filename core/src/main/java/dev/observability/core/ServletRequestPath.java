package dev.observability.core;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The path of a request within the application, as the servlet container routed it: decoded, with
 * dot segments resolved and path parameters removed. What decides whether a request is excluded
 * from access lines and observations, so that {@code /actuator/../api/orders} is not taken for an
 * actuator request, nor {@code /api/..;/actuator/health} for an application one.
 */
public final class ServletRequestPath {

	private ServletRequestPath() {
	}

	/**
	 * The routed path of a request: its servlet path and path info, or its URI without the context
	 * path when it has neither, as a mock request may not.
	 * @param request the request
	 * @return the path, starting with '/'
	 */
	public static String of(HttpServletRequest request) {
		String servletPath = request.getServletPath();
		String pathInfo = request.getPathInfo();
		if (pathInfo != null) {
			return (servletPath != null) ? servletPath + pathInfo : pathInfo;
		}
		if (servletPath != null && !servletPath.isEmpty()) {
			return servletPath;
		}
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		return (contextPath.isEmpty() || !uri.startsWith(contextPath)) ? uri : uri.substring(contextPath.length());
	}

}
