package dev.observability.logging;

import java.util.function.Supplier;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.observability.privacy.PrivacyPolicy;

/**
 * Puts the privacy policy in front of an appender's own encoder (a pattern of the application's
 * {@code logback-spring.xml}, a rolling file, Spring Boot's readable console): the encoder formats
 * the event as it always did, from the masked message, MDC and exception.
 */
public final class MaskingEncoder extends EncoderBase<ILoggingEvent> {

	private final Encoder<ILoggingEvent> encoder;

	private final Supplier<PrivacyPolicy> policy;

	/**
	 * Mask in front of an encoder.
	 * @param encoder the appender's own encoder
	 * @param policy the policy, asked for at every event (see {@link LogPolicy})
	 */
	public MaskingEncoder(Encoder<ILoggingEvent> encoder, Supplier<PrivacyPolicy> policy) {
		this.encoder = encoder;
		this.policy = policy;
	}

	Encoder<ILoggingEvent> encoder() {
		return this.encoder;
	}

	@Override
	public byte[] headerBytes() {
		return this.encoder.headerBytes();
	}

	@Override
	public byte[] encode(ILoggingEvent event) {
		return this.encoder.encode(new MaskedLoggingEvent(event, this.policy.get()));
	}

	@Override
	public byte[] footerBytes() {
		return this.encoder.footerBytes();
	}

	@Override
	public void start() {
		if (!this.encoder.isStarted()) {
			this.encoder.start();
		}
		super.start();
	}

	@Override
	public void stop() {
		this.encoder.stop();
		super.stop();
	}

}
