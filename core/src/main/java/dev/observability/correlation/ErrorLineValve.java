package dev.observability.correlation;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.slf4j.MDC;

/**
 * Wraps each request of Tomcat's context, around the line Tomcat writes for an exception that left
 * every filter ("Servlet.service() ... threw exception"): the request-id filter leaves the failed
 * request's ids in the MDC for that line, and this valve puts the MDC back as it was afterwards.
 */
public final class ErrorLineValve extends ValveBase {

	public ErrorLineValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		Map<String, String> before = MDC.getCopyOfContextMap();
		request.setAttribute(Correlation.ERROR_LINE_VALVE_ATTRIBUTE, Boolean.TRUE);
		try {
			getNext().invoke(request, response);
		}
		finally {
			if (before != null) {
				MDC.setContextMap(before);
			}
			else {
				MDC.clear();
			}
		}
	}

}
