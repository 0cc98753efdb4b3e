package dev.observability.logging;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import dev.observability.core.HookFailures;
import dev.observability.correlation.Correlation;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;

/**
 * Hands every log event to OpenTelemetry as a log record, through OpenTelemetry's own Logback
 * appender: severity, body, logger, thread, the exception, and the MDC fields {@code requestId},
 * {@code userId}, {@code orgId} and {@code sessionId} as attributes; the record carries the trace
 * and span ids of the span active where the event was logged (or, where none is, of the span the
 * MDC names: the error line of a failed request, written after its span ended).
 * <p>
 * It is attached to the root logger as soon as logging is set up, and keeps the first events
 * (up to a thousand) until the application's OpenTelemetry SDK is {@linkplain #install installed},
 * so that the startup lines leave too. What leaves is masked at the export boundary
 * ({@link SanitizingLogRecordExporter}), off the application's threads.
 * <p>
 * The access line ({@value AccessLogFilter#LOGGER_NAME}) leaves too, unless
 * {@linkplain #sendAccessLine switched off}: then it stays on the console, one record fewer per
 * request. Once the SDK is installed, its record is made directly ({@link OtlpAccessRecord}): the
 * same record OpenTelemetry's appender would make, without the appender's generic work.
 * <p>
 * Never in the way: a failure of OpenTelemetry's appender (such as an OpenTelemetry API older than
 * it needs) is caught, counted ({@code reason="appender_failed"}) and logged once, and a linkage
 * failure switches it off; the event still reaches every other appender. Events of
 * OpenTelemetry's own loggers are not handed back to it, so that a failing export cannot feed
 * itself.
 */
public final class OtlpLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	public static final String NAME = "OTLP";

	private static final String OPENTELEMETRY_LOGGERS = "io.opentelemetry.";

	private static final String TRACE_ID = "traceId";

	private static final String SPAN_ID = "spanId";

	/**
	 * The MDC fields every record carries as attributes, the access line's made directly included.
	 */
	static final List<String> MDC_FIELDS = List.of(Correlation.REQUEST_ID, Correlation.USER_ID, Correlation.ORG_ID,
			Correlation.SESSION_ID);

	private final Delegate delegate = new Delegate();

	private volatile HookFailures failures = HookFailures.logOnly();

	private volatile LogDropCounter drops;

	private volatile boolean broken;

	private volatile boolean accessLine = true;

	private volatile io.opentelemetry.api.logs.Logger accessRecords;

	private OtlpLogAppender() {
		setName(NAME);
	}

	/**
	 * Attach a new appender to the root logger of the context, unless one is attached already or
	 * the application's own logging configuration has an OpenTelemetry appender of its own.
	 * @param context the logger context
	 * @return the attached appender, or {@code null} when none was attached
	 */
	public static OtlpLogAppender attach(LoggerContext context) {
		Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
		if (root.getAppender(NAME) instanceof OtlpLogAppender || hasOwnOpenTelemetryAppender(context)) {
			return null;
		}
		OtlpLogAppender appender = new OtlpLogAppender();
		appender.setContext(context);
		appender.start();
		root.addAppender(appender);
		return appender;
	}

	/**
	 * The appender attached to the root logger of the context.
	 * @param context the logger context
	 * @return the appender, or {@code null}
	 */
	public static OtlpLogAppender attached(LoggerContext context) {
		return (context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(NAME) instanceof OtlpLogAppender appender)
				? appender : null;
	}

	/**
	 * Whether a logger of the context has an OpenTelemetry appender the application configured.
	 * @param context the logger context
	 * @return whether it has
	 */
	public static boolean hasOwnOpenTelemetryAppender(LoggerContext context) {
		for (Logger logger : context.getLoggerList()) {
			for (Iterator<Appender<ILoggingEvent>> appenders = logger.iteratorForAppenders(); appenders.hasNext();) {
				if (appenders.next() instanceof OpenTelemetryAppender) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Start sending: the events kept so far leave first.
	 * @param openTelemetry the application's OpenTelemetry SDK
	 * @param failures where failures are reported
	 * @param drops where events that could not be handed over are counted
	 */
	public void install(OpenTelemetry openTelemetry, HookFailures failures, LogDropCounter drops) {
		this.failures = failures;
		this.drops = drops;
		try {
			this.delegate.setOpenTelemetry(openTelemetry);
		}
		catch (Throwable ex) {
			failed(ex);
		}
		this.accessRecords = accessRecords(openTelemetry);
	}

	/**
	 * The logger that makes the access line's records directly, or {@code null} when OpenTelemetry
	 * cannot give one: then OpenTelemetry's appender makes them, and counts what fails.
	 */
	private static io.opentelemetry.api.logs.Logger accessRecords(OpenTelemetry openTelemetry) {
		try {
			return openTelemetry.getLogsBridge().get(AccessLogFilter.LOGGER_NAME);
		}
		catch (Throwable ex) {
			return null;
		}
	}

	/**
	 * Whether the access line leaves as well.
	 * @param send whether it does (the default)
	 */
	public void sendAccessLine(boolean send) {
		this.accessLine = send;
	}

	/**
	 * Whether the access line leaves as well.
	 * @return whether it does
	 */
	public boolean sendsAccessLine() {
		return this.accessLine;
	}

	/**
	 * Stop sending and take this appender off the root logger.
	 */
	public void detach() {
		Logger root = ((LoggerContext) getContext()).getLogger(Logger.ROOT_LOGGER_NAME);
		root.detachAppender(this);
		stop();
	}

	@Override
	public void start() {
		this.delegate.setContext(getContext());
		this.delegate.setName(NAME);
		this.delegate.setCaptureExperimentalAttributes(true);
		this.delegate.setCaptureKeyValuePairAttributes(true);
		this.delegate.setCaptureMdcAttributes(String.join(",", MDC_FIELDS));
		this.delegate.start();
		super.start();
	}

	@Override
	public void stop() {
		super.stop();
		this.delegate.stop();
	}

	@Override
	protected void append(ILoggingEvent event) {
		String logger = event.getLoggerName();
		boolean access = AccessLogFilter.LOGGER_NAME.equals(logger);
		if (this.broken || (access && !this.accessLine) || logger.startsWith(OPENTELEMETRY_LOGGERS)) {
			return;
		}
		try {
			SpanContext fromMdc = spanContextFromMdc(event);
			io.opentelemetry.api.logs.Logger records = access ? this.accessRecords : null;
			if (records != null) {
				try {
					if (OtlpAccessRecord.emit(records, event, fromMdc)) {
						return;
					}
				}
				catch (LinkageError ex) {
					this.accessRecords = null;
				}
			}
			if (fromMdc == null) {
				this.delegate.appendNow(event);
			}
			else {
				try (Scope scope = Context.current().with(Span.wrap(fromMdc)).makeCurrent()) {
					this.delegate.appendNow(event);
				}
			}
		}
		catch (LinkageError ex) {
			this.broken = true;
			failed(ex);
		}
		catch (Throwable ex) {
			failed(ex);
		}
	}

	/**
	 * The span a line belongs to when no span is current but the MDC still names one: a line that
	 * the server writes about a request after its span ended (the error line of a failed request)
	 * keeps that request's trace.
	 */
	private static SpanContext spanContextFromMdc(ILoggingEvent event) {
		if (Span.current().getSpanContext().isValid()) {
			return null;
		}
		Map<String, String> mdc = event.getMDCPropertyMap();
		String traceId = mdc.get(TRACE_ID);
		String spanId = mdc.get(SPAN_ID);
		if (traceId == null || spanId == null) {
			return null;
		}
		SpanContext context = SpanContext.create(traceId, spanId, TraceFlags.getDefault(), TraceState.getDefault());
		return context.isValid() ? context : null;
	}

	private void failed(Throwable ex) {
		LogDropCounter counter = this.drops;
		if (counter != null) {
			counter.dropped("appender_failed", 1);
		}
		this.failures.failed(HookFailures.Part.LOG_APPENDER, ex);
	}

	/**
	 * OpenTelemetry's appender, called past logback's own guard so that its failures are seen and
	 * counted here rather than only reported to logback's status.
	 */
	private static final class Delegate extends OpenTelemetryAppender {

		void appendNow(ILoggingEvent event) {
			if (isStarted()) {
				append(event);
			}
		}

	}

	@Override
	public String toString() {
		return "OtlpLogAppender{installed=" + (this.drops != null) + ", broken=" + this.broken + "}";
	}

}
