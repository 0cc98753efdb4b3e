package dev.observability.sentry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import dev.observability.core.HookFailures;
import io.sentry.Breadcrumb;
import io.sentry.EventProcessor;
import io.sentry.Hint;
import io.sentry.IScopes;
import io.sentry.ISentryLifecycleToken;
import io.sentry.ScopesAdapter;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Sentry's per-request isolation for servlet applications, with the request's data built only when
 * an event is captured. As with Sentry's own filter, each request runs in scopes of its own, so that
 * what one request adds (breadcrumbs, user, tags) never shows on another's events. Unlike it,
 * nothing is built for the request up front:
 * <ul>
 * <li>the scopes are forked from the application's only when the request first needs them: when
 * something writes to them or an event is captured ({@link RequestScopes});</li>
 * <li>one event processor on them describes the request (method, URL, query, headers as Sentry's
 * options allow, transaction name) and adds its HTTP breadcrumb when an event is captured on the
 * request's thread while the request runs.</li>
 * </ul>
 * Sentry's filter forks the scopes, parses the URL, resolves the headers and adds the breadcrumb on
 * every request, whether an event follows or not.
 * <p>
 * An event captured on another thread (a task the request started) gets no request data: by then
 * the request may be recycled for another caller. Its correlation (request id, trace, user) comes
 * from the MDC that the starter carries to background work. A failure to fork the scopes is counted
 * ({@link HookFailures}) and the request goes on in the application's scopes.
 */
public final class SentryRequestFilter implements Filter {

	private final IScopes scopes;

	private final RequestDescriber describer;

	private final HookFailures failures;

	/**
	 * Create a filter.
	 * @param scopes the application's Sentry scopes
	 * @param describer what puts the request's data on an event
	 * @param failures where a failure to fork the scopes is reported
	 */
	public SentryRequestFilter(IScopes scopes, RequestDescriber describer, HookFailures failures) {
		this.scopes = scopes;
		this.describer = describer;
		this.failures = failures;
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		if (!(req instanceof HttpServletRequest request) || !this.scopes.isEnabled()) {
			chain.doFilter(req, res);
			return;
		}
		RequestEvents events = new RequestEvents(request, this.describer);
		ISentryLifecycleToken token;
		try {
			token = new RequestScopes(current(), events, this.failures).makeCurrent();
		}
		catch (RuntimeException ex) {
			this.failures.failed(HookFailures.Part.SENTRY_REQUEST, ex);
			chain.doFilter(req, res);
			return;
		}
		try {
			chain.doFilter(req, res);
		}
		finally {
			events.close();
			token.close();
		}
	}

	/**
	 * The scopes the request starts in: the thread's current ones when given Sentry's adapter,
	 * which would otherwise resolve to the request's own scopes once they are current.
	 */
	private IScopes current() {
		return (this.scopes instanceof ScopesAdapter) ? Sentry.getCurrentScopes() : this.scopes;
	}

	/**
	 * Puts a request's data on an event: Sentry's own resolver of the request and of the
	 * transaction name, which differ by Spring generation.
	 */
	@FunctionalInterface
	public interface RequestDescriber {

		/**
		 * Describe the request on the event, leaving what the event already has.
		 * @param event the event being captured
		 * @param request the request, still running, on its own thread
		 */
		void describe(SentryEvent event, HttpServletRequest request);

	}

	/**
	 * The request's data, for the events captured on its thread while it runs.
	 */
	private static final class RequestEvents implements EventProcessor {

		// The order of Sentry's own request processor: after the application's scope data.
		private static final long ORDER = 5000L;

		private final HttpServletRequest request;

		private final RequestDescriber describer;

		private final Thread thread = Thread.currentThread();

		private final long start = System.currentTimeMillis();

		private volatile boolean open = true;

		RequestEvents(HttpServletRequest request, RequestDescriber describer) {
			this.request = request;
			this.describer = describer;
		}

		@Override
		public SentryEvent process(SentryEvent event, Hint hint) {
			// Only on the request's own thread while it runs: it cannot be recycled under us there.
			if (this.open && Thread.currentThread() == this.thread) {
				this.describer.describe(event, this.request);
				addBreadcrumb(event);
			}
			return event;
		}

		@Override
		public Long getOrder() {
			return ORDER;
		}

		void close() {
			this.open = false;
		}

		/**
		 * The breadcrumb Sentry's filter adds when a request starts (type {@code http}, the path
		 * without its query, and the method), in its place among the event's breadcrumbs.
		 */
		private void addBreadcrumb(SentryEvent event) {
			Breadcrumb breadcrumb = new Breadcrumb(new Date(this.start));
			breadcrumb.setType("http");
			breadcrumb.setCategory("http");
			breadcrumb.setData("url", this.request.getRequestURI());
			breadcrumb.setData("method", this.request.getMethod());
			List<Breadcrumb> breadcrumbs = (event.getBreadcrumbs() != null) ? new ArrayList<>(event.getBreadcrumbs())
					: new ArrayList<>();
			int index = 0;
			while (index < breadcrumbs.size() && !breadcrumbs.get(index).getTimestamp().after(breadcrumb.getTimestamp())) {
				index++;
			}
			breadcrumbs.add(index, breadcrumb);
			event.setBreadcrumbs(breadcrumbs);
		}

	}

}
