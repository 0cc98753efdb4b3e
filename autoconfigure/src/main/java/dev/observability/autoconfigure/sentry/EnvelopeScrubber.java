package dev.observability.autoconfigure.sentry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.observability.autoconfigure.privacy.PrivacyPolicy;

/**
 * Applies the {@link PrivacyPolicy} to the JSON items of a Sentry envelope ({@code event} and
 * {@code transaction}), rewriting their lengths; other items pass unchanged. The user's email and
 * IP address are dropped unless allowed, and cookies are always replaced.
 */
final class EnvelopeScrubber {

	private static final Set<String> SCRUBBED_TYPES = Set.of("event", "transaction");

	private static final int MAX_DEPTH = 16;

	private final ObjectMapper json = new ObjectMapper();

	private final PrivacyPolicy policy;

	private final boolean keepUserEmail;

	private final boolean keepUserIp;

	EnvelopeScrubber(PrivacyPolicy policy, boolean keepUserEmail, boolean keepUserIp) {
		this.policy = policy;
		this.keepUserEmail = keepUserEmail;
		this.keepUserIp = keepUserIp;
	}

	byte[] scrub(byte[] envelope) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream(envelope.length + 64);
		int position = lineEnd(envelope, 0);
		out.write(envelope, 0, position);
		out.write('\n');
		position++;
		while (position < envelope.length) {
			int headerEnd = lineEnd(envelope, position);
			String headerText = new String(envelope, position, headerEnd - position, StandardCharsets.UTF_8);
			position = headerEnd + 1;
			if (headerText.isBlank()) {
				continue;
			}
			ObjectNode header = (ObjectNode) this.json.readTree(headerText);
			int length = header.has("length") ? header.get("length").asInt() : lineEnd(envelope, position) - position;
			// Not "position + length": a length near Integer.MAX_VALUE would overflow past the check.
			if (length < 0 || length > envelope.length - position) {
				throw new IOException("Item longer than the envelope");
			}
			byte[] payload = new byte[length];
			System.arraycopy(envelope, position, payload, 0, length);
			position += length + 1;
			if (SCRUBBED_TYPES.contains(header.path("type").asText())) {
				JsonNode item = this.json.readTree(payload);
				scrubUser(item.get("user"));
				JsonNode request = item.get("request");
				if (request instanceof ObjectNode requestNode && requestNode.has("cookies")) {
					requestNode.put("cookies", PrivacyPolicy.FILTERED);
				}
				payload = this.json.writeValueAsBytes(scrubNode(null, item, 0));
				header.put("length", payload.length);
			}
			out.write(this.json.writeValueAsBytes(header));
			out.write('\n');
			out.write(payload);
			out.write('\n');
		}
		return out.toByteArray();
	}

	private void scrubUser(JsonNode user) {
		if (user instanceof ObjectNode node) {
			if (!this.keepUserEmail) {
				node.remove("email");
			}
			if (!this.keepUserIp) {
				node.remove("ip_address");
			}
			for (String field : List.of("id", "username", "name")) {
				if (node.path(field).isTextual()) {
					node.put(field, this.policy.identifier(node.get(field).asText()));
				}
			}
		}
	}

	private JsonNode scrubNode(String key, JsonNode node, int depth) {
		if (key != null && this.policy.isSensitiveKey(key) && !node.isNull()) {
			return TextNode.valueOf(PrivacyPolicy.FILTERED);
		}
		if (depth > MAX_DEPTH) {
			return TextNode.valueOf(PrivacyPolicy.FILTERED);
		}
		if (node.isTextual()) {
			String masked = this.policy.mask(node.asText());
			return (masked != node.asText()) ? TextNode.valueOf(masked) : node;
		}
		if (node instanceof ObjectNode object) {
			List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
			for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
				fields.add(it.next());
			}
			for (Map.Entry<String, JsonNode> field : fields) {
				object.set(field.getKey(), scrubNode(field.getKey(), field.getValue(), depth + 1));
			}
			return object;
		}
		if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				array.set(i, scrubNode(null, array.get(i), depth + 1));
			}
			return array;
		}
		return node;
	}

	private static int lineEnd(byte[] bytes, int from) {
		for (int i = from; i < bytes.length; i++) {
			if (bytes[i] == '\n') {
				return i;
			}
		}
		return bytes.length;
	}

}
