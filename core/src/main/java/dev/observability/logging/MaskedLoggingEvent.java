package dev.observability.logging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import dev.observability.privacy.PrivacyPolicy;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * A logging event as an appender of the application's own sees it once the privacy policy has run:
 * the formatted message, the MDC values, the key-value pairs and the exception messages masked; the
 * arguments gone, since they are in the message already. Each part is masked when it is first read,
 * once.
 */
public final class MaskedLoggingEvent implements ILoggingEvent {

	private final ILoggingEvent event;

	private final PrivacyPolicy policy;

	private String message;

	private Map<String, String> mdc;

	private List<KeyValuePair> keyValuePairs;

	private IThrowableProxy throwable;

	MaskedLoggingEvent(ILoggingEvent event, PrivacyPolicy policy) {
		this.event = event;
		this.policy = policy;
	}

	@Override
	public String getFormattedMessage() {
		if (this.message == null) {
			String formatted = this.event.getFormattedMessage();
			this.message = (formatted != null) ? this.policy.mask(formatted) : null;
		}
		return this.message;
	}

	@Override
	public String getMessage() {
		return getFormattedMessage();
	}

	@Override
	public Object[] getArgumentArray() {
		return null;
	}

	@Override
	public Map<String, String> getMDCPropertyMap() {
		if (this.mdc == null) {
			Map<String, String> original = this.event.getMDCPropertyMap();
			Map<String, String> masked = original;
			if (original != null && !original.isEmpty()) {
				for (Map.Entry<String, String> entry : original.entrySet()) {
					String value = this.policy.mask(entry.getKey(), entry.getValue());
					if (value != entry.getValue()) {
						if (masked == original) {
							masked = new LinkedHashMap<>(original);
						}
						masked.put(entry.getKey(), value);
					}
				}
			}
			this.mdc = masked;
		}
		return this.mdc;
	}

	@Override
	@SuppressWarnings("deprecation")
	public Map<String, String> getMdc() {
		return getMDCPropertyMap();
	}

	@Override
	public List<KeyValuePair> getKeyValuePairs() {
		if (this.keyValuePairs == null) {
			List<KeyValuePair> original = this.event.getKeyValuePairs();
			if (original == null || original.isEmpty()) {
				return original;
			}
			List<KeyValuePair> masked = new ArrayList<>(original.size());
			for (KeyValuePair pair : original) {
				masked.add(mask(pair));
			}
			this.keyValuePairs = masked;
		}
		return this.keyValuePairs;
	}

	/**
	 * A pair as text when its value is anything but a number or a boolean: an object's
	 * {@code toString()} may carry what its fields hold.
	 */
	private KeyValuePair mask(KeyValuePair pair) {
		Object value = pair.value;
		if (value == null || value instanceof Number || value instanceof Boolean) {
			return pair;
		}
		String text = String.valueOf(value);
		String masked = this.policy.mask(pair.key, text);
		return (masked != text) ? new KeyValuePair(pair.key, masked) : pair;
	}

	@Override
	public IThrowableProxy getThrowableProxy() {
		if (this.throwable == null && this.event.getThrowableProxy() != null) {
			this.throwable = MaskedThrowableProxy.of(this.event.getThrowableProxy(), this.policy);
		}
		return this.throwable;
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
	@SuppressWarnings("deprecation")
	public Marker getMarker() {
		return this.event.getMarker();
	}

	@Override
	public List<Marker> getMarkerList() {
		return this.event.getMarkerList();
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
	public void prepareForDeferredProcessing() {
		this.event.prepareForDeferredProcessing();
	}

}
