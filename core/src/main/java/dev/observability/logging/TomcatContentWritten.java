package dev.observability.logging;

import jakarta.servlet.ServletResponse;
import org.apache.catalina.connector.ResponseFacade;

/**
 * What Tomcat's own response has counted of a body: the bytes written through its output stream and
 * the characters written through its writer. Kept apart from {@link AccessLogFilter} so that
 * Tomcat's classes load only when Tomcat is the server.
 */
final class TomcatContentWritten {

	private TomcatContentWritten() {
	}

	/**
	 * Whether the response is Tomcat's own, unwrapped: what it counts is then what the application
	 * wrote. A wrapper before it may hold back or transform what is written.
	 * @param response the response
	 * @return whether Tomcat counts its body
	 */
	static boolean counts(ServletResponse response) {
		return response instanceof ResponseFacade;
	}

	/**
	 * What Tomcat has counted so far.
	 * @param response a response that Tomcat {@linkplain #counts counts}
	 * @return the bytes and characters written
	 */
	static long of(ServletResponse response) {
		return ((ResponseFacade) response).getContentWritten();
	}

}
