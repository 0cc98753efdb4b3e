package dev.observability.autoconfigure.logging;

import java.nio.charset.Charset;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.observability.autoconfigure.privacy.PrivacyPolicy;
import org.slf4j.LoggerFactory;

/**
 * Masks readable console lines ({@code observability.logging.json=false}) with the
 * {@link PrivacyPolicy}, as the JSON lines are: the whole line Spring Boot's pattern wrote,
 * message and stack trace included, so that a secret an application logs carelessly (a password,
 * an {@code Authorization} header) never reaches the console in either format.
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
		byte[] line = this.delegate.encode(event);
		if (line == null || line.length == 0) {
			return line;
		}
		try {
			String text = new String(line, this.charset);
			String masked = this.policy.mask(text);
			return (masked == text) ? line : masked.getBytes(this.charset);
		}
		catch (RuntimeException ex) {
			// Fail closed: a line that could not be checked is not written as it was.
			addError("Could not mask a console line; it was replaced", ex);
			return ("[line withheld: masking failed]" + System.lineSeparator()).getBytes(this.charset);
		}
	}

	@Override
	public byte[] footerBytes() {
		return this.delegate.footerBytes();
	}

}
