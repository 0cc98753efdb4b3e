package dev.observability.autoconfigure.logging;

import java.util.function.Supplier;

import dev.observability.logging.JsonLogValues;
import dev.observability.logging.LogPolicy;
import dev.observability.privacy.PrivacyPolicy;
import net.logstash.logback.decorate.JsonGeneratorDecorator;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TreeNode;
import tools.jackson.core.util.JsonGeneratorDelegate;
import tools.jackson.databind.node.StringNode;

/**
 * The privacy policy on every string a JSON log line writes, for logstash-logback-encoder 9.x,
 * which writes with Jackson 3: the same rules ({@link JsonLogValues}) as the core's wrapper of
 * Jackson 2's generator, and the same shape: one wrapper per thread's generator, nothing allocated
 * per value.
 */
final class Jackson3PrivacyJsonGenerator extends JsonGeneratorDelegate {

	private final Supplier<PrivacyPolicy> policy;

	private final int maxValueLength;

	private Jackson3PrivacyJsonGenerator(JsonGenerator delegate, Supplier<PrivacyPolicy> policy,
			int maxValueLength) {
		// Not delegating copy methods, so that writePOJO(..) serialises through this wrapper.
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
	static JsonGeneratorDecorator decorator(Supplier<PrivacyPolicy> policy, int maxValueLength) {
		return (generator) -> new Jackson3PrivacyJsonGenerator(generator, policy, maxValueLength);
	}

	@Override
	public JsonGenerator writeString(String text) {
		this.delegate.writeString((text != null) ? protect(text) : null);
		return this;
	}

	@Override
	public JsonGenerator writeString(char[] text, int offset, int len) {
		return writeString(new String(text, offset, len));
	}

	@Override
	public JsonGenerator writePOJO(Object value) {
		if (value instanceof String text) {
			return writeString(text);
		}
		if (value instanceof Number && JsonLogValues.hidesNumber(this.policy.get(), currentKey())) {
			this.delegate.writeString(PrivacyPolicy.FILTERED);
			return this;
		}
		if (value instanceof Integer || value instanceof Long) {
			// What the mapper writes for them, without looking up a serialiser per value.
			this.delegate.writeNumber(((Number) value).longValue());
			return this;
		}
		return super.writePOJO(value);
	}

	@Override
	public JsonGenerator writeTree(TreeNode node) {
		if (node instanceof StringNode text) {
			// A custom field of the encoder: written as the mapper would, without asking it for a
			// serialiser per line.
			return writeString(text.stringValue());
		}
		return super.writeTree(node);
	}

	String protect(String text) {
		return JsonLogValues.protect(this.policy.get(), currentKey(), text, this.maxValueLength);
	}

	private String currentKey() {
		TokenStreamContext context = this.delegate.streamWriteContext();
		String key = context.currentName();
		if (key == null && context.getParent() != null) {
			key = context.getParent().currentName();
		}
		return key;
	}

}
