package dev.observability.autoconfigure.logging;

import java.nio.charset.Charset;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.observability.autoconfigure.privacy.PrivacyPolicy;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * Masks readable console lines ({@code observability.logging.json=false}) with the
 * {@link PrivacyPolicy}, as the JSON lines are: the message and the messages of the stack trace,
 * so that a secret an application logs carelessly (a password, an {@code Authorization} header)
 * never reaches the console in either format. The rest of the line (time, level, thread, logger,
 * ids) is left alone: a logger named {@code ...ScrapeCredentials} followed by {@code :} must not
 * read as a sensitive key.
 * <p>
 * Wraps the encoder of Spring Boot's {@code CONSOLE} appender; {@link #apply} puts it on or takes
 * it off again, so that the settings of the latest application in the JVM win.
 */
final class MaskingConsoleEncoder extends EncoderBase<ILoggingEvent> {

	private final Encoder<ILoggingEvent> delegate;

	private final PrivacyPolicy policy;

	private final Charset charset;

	private MaskingConsoleEncoder(Encoder<ILoggingEvent> delegate, PrivacyPolicy policy) {
		this.delegate = delegate;
		this.policy = policy;
		this.charset = (delegate instanceof LayoutWrappingEncoder<ILoggingEvent> layout && layout.getCharset() != null)
				? layout.getCharset() : Charset.defaultCharset();
	}

	/**
	 * Mask the lines of the console of the logger context in use, or stop masking them.
	 * @param policy the policy, or {@code null} to write lines as they are
	 * @return whether the console's lines are now masked
	 */
	static boolean apply(PrivacyPolicy policy) {
		return apply((LoggerContext) LoggerFactory.getILoggerFactory(), policy);
	}

	/**
	 * Mask the lines of the console of the given logger context, or stop masking them.
	 * @param context the logger context
	 * @param policy the policy, or {@code null} to write lines as they are
	 * @return whether the console's lines are now masked
	 */
	static boolean apply(LoggerContext context, PrivacyPolicy policy) {
		ConsoleAppender<ILoggingEvent> console = console(context);
		if (console == null) {
			return false;
		}
		Encoder<ILoggingEvent> encoder = console.getEncoder();
		Encoder<ILoggingEvent> plain = (encoder instanceof MaskingConsoleEncoder masking) ? masking.delegate : encoder;
		if (plain == null || policy == null || !policy.isEnabled()) {
			if (plain != encoder) {
				console.setEncoder(plain);
			}
			return false;
		}
		MaskingConsoleEncoder masking = new MaskingConsoleEncoder(plain, policy);
		masking.setContext(context);
		masking.start();
		console.setEncoder(masking);
		return true;
	}

	@SuppressWarnings("unchecked")
	private static ConsoleAppender<ILoggingEvent> console(LoggerContext context) {
		Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
		Appender<ILoggingEvent> appender = root.getAppender(AsyncConsoleInstaller.CONSOLE);
		if (appender == null && root.getAppender(AsyncConsoleAppender.NAME) instanceof AsyncConsoleAppender async) {
			appender = async.console();
		}
		return (appender instanceof ConsoleAppender<?> console) ? (ConsoleAppender<ILoggingEvent>) console : null;
	}

	@Override
	public byte[] headerBytes() {
		return this.delegate.headerBytes();
	}

	@Override
	public byte[] encode(ILoggingEvent event) {
		try {
			return this.delegate.encode(new MaskedEvent(event, this.policy));
		}
		catch (RuntimeException ex) {
			// Fail closed: a line that could not be checked is not written as it was.
			addError("Could not mask a console line; it was withheld", ex);
			return ("[line withheld: masking failed]" + System.lineSeparator()).getBytes(this.charset);
		}
	}

	@Override
	public byte[] footerBytes() {
		return this.delegate.footerBytes();
	}

	/**
	 * The event as the pattern sees it: its message and its throwable masked, the rest as it was.
	 */
	private static final class MaskedEvent implements ILoggingEvent {

		private final ILoggingEvent event;

		private final PrivacyPolicy policy;

		MaskedEvent(ILoggingEvent event, PrivacyPolicy policy) {
			this.event = event;
			this.policy = policy;
		}

		@Override
		public String getFormattedMessage() {
			String message = this.event.getFormattedMessage();
			return (message != null) ? this.policy.mask(message) : null;
		}

		@Override
		public String getMessage() {
			String message = this.event.getMessage();
			return (message != null) ? this.policy.mask(message) : null;
		}

		@Override
		public IThrowableProxy getThrowableProxy() {
			return MaskedThrowable.of(this.event.getThrowableProxy(), this.policy);
		}

		@Override
		public String getThreadName() {
			return this.event.getThreadName();
		}

		@Override
		public Level getLevel() {
			return this.event.getLevel();
		}

		@Override
		public Object[] getArgumentArray() {
			return this.event.getArgumentArray();
		}

		@Override
		public String getLoggerName() {
			return this.event.getLoggerName();
		}

		@Override
		public LoggerContextVO getLoggerContextVO() {
			return this.event.getLoggerContextVO();
		}

		@Override
		public StackTraceElement[] getCallerData() {
			return this.event.getCallerData();
		}

		@Override
		public boolean hasCallerData() {
			return this.event.hasCallerData();
		}

		@Override
		public List<Marker> getMarkerList() {
			return this.event.getMarkerList();
		}

		@Override
		public Map<String, String> getMDCPropertyMap() {
			return this.event.getMDCPropertyMap();
		}

		@Override
		@SuppressWarnings("deprecation")
		public Map<String, String> getMdc() {
			return this.event.getMdc();
		}

		@Override
		public long getTimeStamp() {
			return this.event.getTimeStamp();
		}

		@Override
		public int getNanoseconds() {
			return this.event.getNanoseconds();
		}

		@Override
		public Instant getInstant() {
			return this.event.getInstant();
		}

		@Override
		public long getSequenceNumber() {
			return this.event.getSequenceNumber();
		}

		@Override
		public List<KeyValuePair> getKeyValuePairs() {
			return this.event.getKeyValuePairs();
		}

		@Override
		public void prepareForDeferredProcessing() {
			this.event.prepareForDeferredProcessing();
		}

	}

	/**
	 * A throwable whose messages, its causes' and its suppressed ones' are masked.
	 */
	private static final class MaskedThrowable implements IThrowableProxy {

		private final IThrowableProxy proxy;

		private final PrivacyPolicy policy;

		private MaskedThrowable(IThrowableProxy proxy, PrivacyPolicy policy) {
			this.proxy = proxy;
			this.policy = policy;
		}

		static IThrowableProxy of(IThrowableProxy proxy, PrivacyPolicy policy) {
			return (proxy != null) ? new MaskedThrowable(proxy, policy) : null;
		}

		@Override
		public String getOverridingMessage() {
			String message = this.proxy.getOverridingMessage();
			return (message != null) ? this.policy.mask(message) : null;
		}

		@Override
		public String getMessage() {
			String message = this.proxy.getMessage();
			return (message != null) ? this.policy.mask(message) : null;
		}

		@Override
		public String getClassName() {
			return this.proxy.getClassName();
		}

		@Override
		public StackTraceElementProxy[] getStackTraceElementProxyArray() {
			return this.proxy.getStackTraceElementProxyArray();
		}

		@Override
		public int getCommonFrames() {
			return this.proxy.getCommonFrames();
		}

		@Override
		public IThrowableProxy getCause() {
			return of(this.proxy.getCause(), this.policy);
		}

		@Override
		public IThrowableProxy[] getSuppressed() {
			IThrowableProxy[] suppressed = this.proxy.getSuppressed();
			if (suppressed == null) {
				return null;
			}
			IThrowableProxy[] masked = new IThrowableProxy[suppressed.length];
			for (int i = 0; i < suppressed.length; i++) {
				masked[i] = of(suppressed[i], this.policy);
			}
			return masked;
		}

		@Override
		public boolean isCyclic() {
			return this.proxy.isCyclic();
		}

	}

}
