package dev.observability.logging;

import java.io.IOException;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.observability.privacy.PrivacyPolicy;
import net.logstash.logback.decorate.JsonGeneratorDecorator;

/**
 * Applies the {@link PrivacyPolicy} to every string a JSON log line writes: a value under a
 * sensitive key (an MDC entry, a key-value pair, a field of a structured argument) is replaced
 * entirely, and secrets in other strings (the message, the stack trace) are masked. Then, as the
 * last step, a value longer than the limit is truncated.
 * <p>
 * A generator wrapper rather than logstash-logback-encoder's masking decorator: it allocates
 * nothing per value, and the encoder reuses one generator per thread, so the wrapper is created
 * once per thread, not once per line. What is written under which key: {@link JsonLogValues}.
 */
public final class PrivacyJsonGenerator extends JsonGeneratorDelegate {

	private final Supplier<PrivacyPolicy> policy;

	private final int maxValueLength;

	private PrivacyJsonGenerator(JsonGenerator delegate, Supplier<PrivacyPolicy> policy, int maxValueLength) {
		// Not delegating copy methods, so that writeObject(..) serialises through this wrapper.
		super(delegate, false);
		this.policy = policy;
		this.maxValueLength = maxValueLength;
	}

	/**
	 * Decorate the generators of an encoder.
	 * @param policy the policy, asked for at every value (see {@link LogPolicy})
	 * @param maxValueLength the longest value written
	 * @return the decorator
	 */
	public static JsonGeneratorDecorator decorator(Supplier<PrivacyPolicy> policy, int maxValueLength) {
		return (generator) -> new PrivacyJsonGenerator(generator, policy, maxValueLength);
	}

	@Override
	public void writeString(String text) throws IOException {
		this.delegate.writeString((text != null) ? protect(text) : null);
	}

	@Override
	public void writeString(char[] text, int offset, int len) throws IOException {
		writeString(new String(text, offset, len));
	}

	@Override
	public void writeStringField(String fieldName, String value) throws IOException {
		writeFieldName(fieldName);
		writeString(value);
	}

	@Override
	public void writeObject(Object value) throws IOException {
		if (value instanceof String text) {
			writeString(text);
		}
		else if (value instanceof Number && JsonLogValues.hidesNumber(this.policy.get(), currentKey())) {
			this.delegate.writeString(PrivacyPolicy.FILTERED);
		}
		else if (value instanceof Integer || value instanceof Long) {
			// What the mapper writes for them, without looking up a serialiser per value.
			this.delegate.writeNumber(((Number) value).longValue());
		}
		else {
			super.writeObject(value);
		}
	}

	@Override
	public void writeTree(TreeNode node) throws IOException {
		if (node instanceof TextNode text) {
			// A custom field of the encoder: written as the mapper would, without asking it for a
			// serialiser per line.
			writeString(text.textValue());
		}
		else {
			super.writeTree(node);
		}
	}

	String protect(String text) {
		return JsonLogValues.protect(this.policy.get(), currentKey(), text, this.maxValueLength);
	}

	private String currentKey() {
		JsonStreamContext context = this.delegate.getOutputContext();
		String key = context.getCurrentName();
		if (key == null && context.getParent() != null) {
			key = context.getParent().getCurrentName();
		}
		return key;
	}

}
