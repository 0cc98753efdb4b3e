package dev.observability.sentry;

import java.util.List;

import dev.observability.core.HookFailures;
import io.sentry.BaggageHeader;
import io.sentry.Breadcrumb;
import io.sentry.CheckIn;
import io.sentry.EventProcessor;
import io.sentry.Hint;
import io.sentry.IFeedbackApi;
import io.sentry.IHub;
import io.sentry.IScope;
import io.sentry.IScopes;
import io.sentry.ISentryClient;
import io.sentry.ISentryLifecycleToken;
import io.sentry.ISpan;
import io.sentry.ITransaction;
import io.sentry.ProfileChunk;
import io.sentry.ProfilingTraceData;
import io.sentry.ScopeCallback;
import io.sentry.ScopeType;
import io.sentry.Sentry;
import io.sentry.SentryAttribute;
import io.sentry.SentryAttributes;
import io.sentry.SentryEnvelope;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.SentryOptions;
import io.sentry.SentryReplayEvent;
import io.sentry.SentryTraceHeader;
import io.sentry.TraceContext;
import io.sentry.TransactionContext;
import io.sentry.TransactionOptions;
import io.sentry.UserFeedback;
import io.sentry.logger.ILoggerApi;
import io.sentry.metrics.IMetricsApi;
import io.sentry.protocol.Feedback;
import io.sentry.protocol.SentryId;
import io.sentry.protocol.SentryTransaction;
import io.sentry.protocol.User;
import io.sentry.transport.RateLimiter;

/**
 * The Sentry scopes of one request, forked from the application's only when the request first
 * needs scopes of its own: when something writes to them (a breadcrumb, a tag, a scope callback),
 * reads a scope it could change, captures an event or forks them further. Until then, reads go to
 * the scopes the request started in, which a fork would have copied unchanged.
 * <p>
 * Forking copies two scopes (tags, extras, contexts, attachments, event processors, a breadcrumb
 * queue each): on a request that sends nothing to Sentry and writes nothing to its scopes, that was
 * most of Sentry's cost per request. The user that Sentry's user filter sets on every request is
 * kept here and set on the forked scopes when they are made, so it alone does not fork them.
 * <p>
 * Safe to use from several threads, as scopes are: a task the request started may capture an event
 * while the request runs. A failure to fork is counted ({@link HookFailures}) and the request goes on
 * in the scopes it started in, without the user kept for it.
 */
final class RequestScopes implements IScopes {

	private static final String CREATOR = "SentryRequestFilter";

	private final IScopes parent;

	private final EventProcessor requestEvents;

	private final HookFailures failures;

	private volatile IScopes forked;

	private User user;

	private boolean userSet;

	/**
	 * Scopes for a request.
	 * @param parent the scopes the request starts in
	 * @param requestEvents the event processor that describes the request, added when forked
	 * @param failures where a failure to fork is reported
	 */
	RequestScopes(IScopes parent, EventProcessor requestEvents, HookFailures failures) {
		this.parent = parent;
		this.requestEvents = requestEvents;
		this.failures = failures;
	}

	/**
	 * Whether the request has needed scopes of its own so far.
	 * @return whether they were forked
	 */
	boolean isForked() {
		return this.forked != null;
	}

	private IScopes forked() {
		IScopes scopes = this.forked;
		if (scopes != null) {
			return scopes;
		}
		synchronized (this) {
			if (this.forked == null) {
				this.forked = fork();
				this.user = null;
			}
			return this.forked;
		}
	}

	private IScopes fork() {
		try {
			IScopes created = this.parent.forkedScopes(CREATOR);
			created.configureScope((scope) -> scope.addEventProcessor(this.requestEvents));
			if (this.userSet) {
				created.setUser(this.user);
			}
			return created;
		}
		catch (RuntimeException ex) {
			this.failures.failed(HookFailures.Part.SENTRY_REQUEST, ex);
			return this.parent;
		}
	}

	/**
	 * The forked scopes if there are any, else those the request started in: for reads that a fork
	 * would answer the same.
	 */
	private IScopes reading() {
		IScopes scopes = this.forked;
		return (scopes != null) ? scopes : this.parent;
	}

	@Override
	public void setUser(User user) {
		IScopes scopes = this.forked;
		if (scopes == null) {
			synchronized (this) {
				if (this.forked == null) {
					this.user = user;
					this.userSet = true;
					return;
				}
				scopes = this.forked;
			}
		}
		scopes.setUser(user);
	}

	@Override
	public ISentryLifecycleToken makeCurrent() {
		return Sentry.setCurrentScopes(this);
	}

	@Override
	public IScopes getParentScopes() {
		return this.parent;
	}

	@Override
	public boolean isAncestorOf(IScopes otherScopes) {
		if (otherScopes == this) {
			return true;
		}
		IScopes scopes = this.forked;
		return scopes != null && scopes.isAncestorOf(otherScopes);
	}

	// Reads a fork would answer as the request's starting scopes do.

	@Override
	public boolean isEnabled() {
		return this.parent.isEnabled();
	}

	@Override
	public SentryOptions getOptions() {
		return this.parent.getOptions();
	}

	@Override
	public boolean isHealthy() {
		return this.parent.isHealthy();
	}

	@Override
	public IScope getGlobalScope() {
		return this.parent.getGlobalScope();
	}

	@Override
	public RateLimiter getRateLimiter() {
		return this.parent.getRateLimiter();
	}

	@Override
	public Boolean isCrashedLastRun() {
		return this.parent.isCrashedLastRun();
	}

	@Override
	public SentryId getLastEventId() {
		return reading().getLastEventId();
	}

	@Override
	public ISpan getSpan() {
		return reading().getSpan();
	}

	@Override
	public ITransaction getTransaction() {
		return reading().getTransaction();
	}

	// What acts on the whole SDK, not on the request's scopes.

	@Override
	public void close() {
		this.parent.close();
	}

	@Override
	public void close(boolean isRestarting) {
		this.parent.close(isRestarting);
	}

	@Override
	public void flush(long timeoutMillis) {
		this.parent.flush(timeoutMillis);
	}

	@Override
	public void bindClient(ISentryClient client) {
		forked().bindClient(client);
	}

	@Override
	public IScopes forkedRootScopes(String creator) {
		return this.parent.forkedRootScopes(creator);
	}

	@Override
	public void startProfiler() {
		this.parent.startProfiler();
	}

	@Override
	public void stopProfiler() {
		this.parent.stopProfiler();
	}

	@Override
	public void reportFullyDisplayed() {
		this.parent.reportFullyDisplayed();
	}

	// Everything else needs the request's own scopes.

	@Override
	public SentryId captureEvent(SentryEvent event, Hint hint) {
		return forked().captureEvent(event, hint);
	}

	@Override
	public SentryId captureEvent(SentryEvent event, Hint hint, ScopeCallback callback) {
		return forked().captureEvent(event, hint, callback);
	}

	@Override
	public SentryId captureMessage(String message, SentryLevel level) {
		return forked().captureMessage(message, level);
	}

	@Override
	public SentryId captureMessage(String message, SentryLevel level, ScopeCallback callback) {
		return forked().captureMessage(message, level, callback);
	}

	@Override
	public SentryId captureFeedback(Feedback feedback, Hint hint, ScopeCallback callback) {
		return forked().captureFeedback(feedback, hint, callback);
	}

	@Override
	public SentryId captureEnvelope(SentryEnvelope envelope, Hint hint) {
		return forked().captureEnvelope(envelope, hint);
	}

	@Override
	public SentryId captureException(Throwable throwable, Hint hint) {
		return forked().captureException(throwable, hint);
	}

	@Override
	public SentryId captureException(Throwable throwable, Hint hint, ScopeCallback callback) {
		return forked().captureException(throwable, hint, callback);
	}

	@Override
	@SuppressWarnings("deprecation")
	public void captureUserFeedback(UserFeedback userFeedback) {
		forked().captureUserFeedback(userFeedback);
	}

	@Override
	public SentryId captureTransaction(SentryTransaction transaction, TraceContext traceContext, Hint hint,
			ProfilingTraceData profilingTraceData) {
		return forked().captureTransaction(transaction, traceContext, hint, profilingTraceData);
	}

	@Override
	public SentryId captureProfileChunk(ProfileChunk profileChunk) {
		return forked().captureProfileChunk(profileChunk);
	}

	@Override
	public SentryId captureCheckIn(CheckIn checkIn) {
		return forked().captureCheckIn(checkIn);
	}

	@Override
	public SentryId captureReplay(SentryReplayEvent replay, Hint hint) {
		return forked().captureReplay(replay, hint);
	}

	@Override
	public void startSession() {
		forked().startSession();
	}

	@Override
	public void endSession() {
		forked().endSession();
	}

	@Override
	public void addBreadcrumb(Breadcrumb breadcrumb, Hint hint) {
		forked().addBreadcrumb(breadcrumb, hint);
	}

	@Override
	public void addBreadcrumb(Breadcrumb breadcrumb) {
		forked().addBreadcrumb(breadcrumb);
	}

	@Override
	public void setLevel(SentryLevel level) {
		forked().setLevel(level);
	}

	@Override
	public void setTransaction(String transaction) {
		forked().setTransaction(transaction);
	}

	@Override
	public void setFingerprint(List<String> fingerprint) {
		forked().setFingerprint(fingerprint);
	}

	@Override
	public void clearBreadcrumbs() {
		forked().clearBreadcrumbs();
	}

	@Override
	public void setTag(String key, String value) {
		forked().setTag(key, value);
	}

	@Override
	public void removeTag(String key) {
		forked().removeTag(key);
	}

	@Override
	public void setExtra(String key, String value) {
		forked().setExtra(key, value);
	}

	@Override
	public void removeExtra(String key) {
		forked().removeExtra(key);
	}

	@Override
	public void setAttribute(String key, Object value) {
		forked().setAttribute(key, value);
	}

	@Override
	public void setAttribute(SentryAttribute attribute) {
		forked().setAttribute(attribute);
	}

	@Override
	public void setAttributes(SentryAttributes attributes) {
		forked().setAttributes(attributes);
	}

	@Override
	public void removeAttribute(String key) {
		forked().removeAttribute(key);
	}

	@Override
	public void addFeatureFlag(String flag, Boolean result) {
		forked().addFeatureFlag(flag, result);
	}

	@Override
	public ISentryLifecycleToken pushScope() {
		return forked().pushScope();
	}

	@Override
	public ISentryLifecycleToken pushIsolationScope() {
		return forked().pushIsolationScope();
	}

	@Override
	public void popScope() {
		forked().popScope();
	}

	@Override
	public void withScope(ScopeCallback callback) {
		forked().withScope(callback);
	}

	@Override
	public void withIsolationScope(ScopeCallback callback) {
		forked().withIsolationScope(callback);
	}

	@Override
	public void configureScope(ScopeType scopeType, ScopeCallback callback) {
		forked().configureScope(scopeType, callback);
	}

	@Override
	@SuppressWarnings("deprecation")
	public IHub clone() {
		return forked().clone();
	}

	@Override
	public IScopes forkedScopes(String creator) {
		return forked().forkedScopes(creator);
	}

	@Override
	public IScopes forkedCurrentScope(String creator) {
		return forked().forkedCurrentScope(creator);
	}

	@Override
	public IScope getScope() {
		return forked().getScope();
	}

	@Override
	public IScope getIsolationScope() {
		return forked().getIsolationScope();
	}

	@Override
	public ITransaction startTransaction(TransactionContext transactionContext, TransactionOptions transactionOptions) {
		return forked().startTransaction(transactionContext, transactionOptions);
	}

	@Override
	public void setSpanContext(Throwable throwable, ISpan span, String transactionName) {
		forked().setSpanContext(throwable, span, transactionName);
	}

	@Override
	public void setActiveSpan(ISpan span) {
		forked().setActiveSpan(span);
	}

	@Override
	public TransactionContext continueTrace(String sentryTrace, List<String> baggageHeaders) {
		return forked().continueTrace(sentryTrace, baggageHeaders);
	}

	@Override
	public SentryTraceHeader getTraceparent() {
		return forked().getTraceparent();
	}

	@Override
	public BaggageHeader getBaggage() {
		return forked().getBaggage();
	}

	@Override
	public ILoggerApi logger() {
		return forked().logger();
	}

	@Override
	public IMetricsApi metrics() {
		return forked().metrics();
	}

	@Override
	public IFeedbackApi feedback() {
		return forked().feedback();
	}

	@Override
	public String toString() {
		return "RequestScopes{forked=" + isForked() + "}";
	}

}
