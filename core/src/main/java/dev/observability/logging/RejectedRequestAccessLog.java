package dev.observability.logging;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import dev.observability.correlation.Correlation;
import jakarta.servlet.ServletException;
import org.apache.catalina.AccessLog;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Writes the access line of a request that Tomcat answered itself, before any filter ran: a
 * malformed request line or header, a bad URI encoding, an unsupported HTTP version. Without it
 * such requests, often probes and attacks, leave no line at all. The path is
 * {@value AccessLogFilter#REJECTED}, never the raw target, and the method is kept only when it is a
 * plain token of capital letters.
 * <p>
 * Tomcat calls every access log for every request; a request that reached the filters carries the
 * request-id filter's attribute and is left to {@link AccessLogFilter}. Installed on Tomcat's
 * engine when both the access line and the request-id filter are on.
 */
public final class RejectedRequestAccessLog extends ValveBase implements AccessLog {

	private static final int MAX_METHOD_LENGTH = 16;

	private boolean requestAttributesEnabled;

	public RejectedRequestAccessLog() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		getNext().invoke(request, response);
	}

	@Override
	public void log(Request request, Response response, long time) {
		if (Correlation.requestId(request) != null || !AccessLogFilter.isEnabled()) {
			return;
		}
		AccessLogFilter.logRejected(method(request.getMethod()), response.getStatus(),
				TimeUnit.NANOSECONDS.toMillis(time));
	}

	static String method(String method) {
		if (method == null || method.isEmpty() || method.length() > MAX_METHOD_LENGTH) {
			return "UNKNOWN";
		}
		for (int i = 0; i < method.length(); i++) {
			char c = method.charAt(i);
			if (c < 'A' || c > 'Z') {
				return "UNKNOWN";
			}
		}
		return method;
	}

	@Override
	public void setRequestAttributesEnabled(boolean requestAttributesEnabled) {
		this.requestAttributesEnabled = requestAttributesEnabled;
	}

	@Override
	public boolean getRequestAttributesEnabled() {
		return this.requestAttributesEnabled;
	}

}
