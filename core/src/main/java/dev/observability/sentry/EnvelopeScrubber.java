package dev.observability.sentry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.observability.privacy.PrivacyPolicy;

/**
 * Applies the {@link PrivacyPolicy} to a whole Sentry envelope: its header (all but the DSN, which
 * the tunnel checked), every item header and every JSON item, whatever its type. Every string value
 * is masked, and so is every field name (a masked name that collides with another gets a
 * {@code " (2)"} suffix); values under sensitive names are replaced; query strings, fragments and
 * the query and fragment of URLs are masked parameter by parameter; {@code [name, value]} pairs
 * (Sentry's form of headers and query strings as lists) are masked by name. The user's email and IP
 * address are dropped unless allowed, user ids and session ids ({@code did}) that carry personal data
 * are hashed, and cookies are always replaced. Item lengths are rewritten.
 * <p>
 * Items that cannot be scrubbed are dropped and reported to a {@link DroppedItems}: attachments,
 * replays ({@code replay_event} too, since a replay is useless without its recording), statsd
 * metrics, and any other item whose payload is not JSON. An item of a type Sentry defines as JSON
 * that does not parse fails the whole envelope.
 */
public final class EnvelopeScrubber {

	/**
	 * Types whose payload Sentry defines as JSON: one that does not parse makes the envelope
	 * malformed.
	 */
	private static final Set<String> JSON_TYPES = Set.of("event", "transaction", "session", "sessions",
			"user_report", "feedback", "log", "span", "client_report", "check_in");

	/**
	 * Types that are binary, compressed or free text: never forwarded.
	 */
	private static final Set<String> DROPPED_TYPES = Set.of("attachment", "replay_recording", "replay_event",
			"replay_video", "statsd");

	/**
	 * Types named as they are in the drop counter; any other is {@code other}, so that a browser
	 * cannot make up tag values.
	 */
	private static final Set<String> KNOWN_TYPES;

	static {
		Set<String> known = new HashSet<>(JSON_TYPES);
		known.addAll(DROPPED_TYPES);
		known.addAll(Set.of("profile", "profile_chunk", "metric_meta"));
		KNOWN_TYPES = Set.copyOf(known);
	}

	private static final int MAX_DEPTH = 16;

	private final ObjectMapper json = new ObjectMapper();

	private final PrivacyPolicy policy;

	private final SentryUserFields users;

	private final DroppedItems dropped;

	public EnvelopeScrubber(PrivacyPolicy policy, boolean keepUserEmail, boolean keepUserIp) {
		this(policy, keepUserEmail, keepUserIp, (type) -> {
		});
	}

	public EnvelopeScrubber(PrivacyPolicy policy, boolean keepUserEmail, boolean keepUserIp, DroppedItems dropped) {
		this.policy = policy;
		this.users = new SentryUserFields(policy, keepUserEmail, keepUserIp);
		this.dropped = dropped;
	}

	/**
	 * Scrub an envelope.
	 * @param envelope the envelope as received
	 * @return the envelope to forward
	 * @throws IOException if the envelope is malformed: a header that is not a JSON object, an item
	 * longer than the envelope, or an item of a JSON type that does not parse
	 */
	public byte[] scrub(byte[] envelope) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream(envelope.length + 64);
		List<String> droppedTypes = new ArrayList<>();
		int position = lineEnd(envelope, 0);
		out.write(this.json.writeValueAsBytes(scrubEnvelopeHeader(readObject(envelope, 0, position))));
		out.write('\n');
		position++;
		while (position < envelope.length) {
			int headerEnd = lineEnd(envelope, position);
			int headerStart = position;
			position = headerEnd + 1;
			if (isBlank(envelope, headerStart, headerEnd)) {
				continue;
			}
			ObjectNode header = readObject(envelope, headerStart, headerEnd);
			int length = length(header, envelope, position);
			int payloadStart = position;
			position += length + 1;
			String type = header.path("type").asText();
			// A type this scrubber does not know may mean anything to Sentry: it is dropped, not guessed.
			JsonNode item = (DROPPED_TYPES.contains(type) || !KNOWN_TYPES.contains(type)) ? null
					: readItem(envelope, payloadStart, length, type);
			if (item == null) {
				droppedTypes.add(KNOWN_TYPES.contains(type) ? type : "other");
				continue;
			}
			if (item instanceof ObjectNode object) {
				scrubKnownFields(object);
			}
			byte[] payload = this.json.writeValueAsBytes(scrubNode(null, item, 0, false));
			ObjectNode scrubbedHeader = (ObjectNode) scrubNode(null, header, 0, false);
			scrubbedHeader.put("length", payload.length);
			out.write(this.json.writeValueAsBytes(scrubbedHeader));
			out.write('\n');
			out.write(payload);
			out.write('\n');
		}
		// Counted once the envelope is known to be well-formed: a refused envelope drops nothing.
		droppedTypes.forEach(this.dropped::dropped);
		return out.toByteArray();
	}

	private ObjectNode scrubEnvelopeHeader(ObjectNode header) {
		JsonNode dsn = header.remove("dsn");
		ObjectNode scrubbed = (ObjectNode) scrubNode(null, header, 0, false);
		if (dsn != null) {
			ObjectNode withDsn = this.json.createObjectNode();
			withDsn.set("dsn", dsn);
			withDsn.setAll(scrubbed);
			return withDsn;
		}
		return scrubbed;
	}

	private ObjectNode readObject(byte[] envelope, int from, int to) throws IOException {
		JsonNode node = this.json.readTree(new String(envelope, from, to - from, StandardCharsets.UTF_8));
		if (!(node instanceof ObjectNode object)) {
			throw new IOException("Envelope or item header is not a JSON object");
		}
		return object;
	}

	private static int length(ObjectNode header, byte[] envelope, int position) throws IOException {
		JsonNode declared = header.get("length");
		if (declared == null || declared.isNull()) {
			return lineEnd(envelope, position) - position;
		}
		if (!declared.canConvertToInt()) {
			throw new IOException("Item length is not a number");
		}
		int length = declared.intValue();
		// Not "position + length": a length near Integer.MAX_VALUE would overflow past the check.
		if (length < 0 || length > envelope.length - position) {
			throw new IOException("Item longer than the envelope");
		}
		return length;
	}

	/**
	 * The item's payload as JSON, or {@code null} when it is not JSON and its type may be other than
	 * JSON.
	 */
	private JsonNode readItem(byte[] envelope, int from, int length, String type) throws IOException {
		try {
			JsonNode item = this.json.readTree(envelope, from, length);
			if (item != null && !item.isMissingNode()) {
				return item;
			}
		}
		catch (JsonProcessingException ex) {
			if (JSON_TYPES.contains(type)) {
				throw ex;
			}
			return null;
		}
		if (JSON_TYPES.contains(type)) {
			throw new IOException("Empty " + type + " item");
		}
		return null;
	}

	/**
	 * What needs more than masking: the user, cookies of the request.
	 */
	private void scrubKnownFields(ObjectNode item) {
		JsonNode request = item.get("request");
		if (request instanceof ObjectNode requestNode && requestNode.has("cookies")) {
			requestNode.put("cookies", PrivacyPolicy.FILTERED);
		}
	}

	/**
	 * The user: its identity fields by the same rule as a server-side event, the rest like any
	 * other object.
	 */
	private JsonNode scrubUser(ObjectNode user, int depth) {
		Map<String, String> identity = new LinkedHashMap<>();
		for (String field : SentryUserFields.IDENTITY) {
			JsonNode value = user.get(field);
			if (value != null && value.isTextual()) {
				user.remove(field);
				String kept = this.users.scrub(field, value.asText());
				if (kept != null) {
					identity.put(field, kept);
				}
			}
		}
		JsonNode rest = scrubObject(user, depth, false);
		if (rest instanceof ObjectNode object) {
			identity.forEach(object::put);
		}
		return rest;
	}

	/**
	 * The node with everything in it masked.
	 * @param key the name the node is stored under, or {@code null} in an array or at the top
	 * @param parameters whether the node is a value of a query string given as an object or a list
	 */
	private JsonNode scrubNode(String key, JsonNode node, int depth, boolean parameters) {
		if (node.isNull()) {
			return node;
		}
		if (key != null && (this.policy.isSensitiveKey(key) || "cookies".equalsIgnoreCase(key))) {
			return TextNode.valueOf(PrivacyPolicy.FILTERED);
		}
		if (depth > MAX_DEPTH) {
			return TextNode.valueOf(PrivacyPolicy.FILTERED);
		}
		if (node.isTextual()) {
			String text = node.asText();
			String masked = maskText(key, text, parameters);
			return (masked != text) ? TextNode.valueOf(masked) : node;
		}
		if (node.isIntegralNumber()) {
			// A card number or an account number sent as a JSON number.
			String digits = node.asText();
			return (digits.length() >= 12 && this.policy.mask(digits) != digits)
					? TextNode.valueOf(PrivacyPolicy.FILTERED) : node;
		}
		if (parameters && key != null && node.isValueNode()) {
			String text = node.asText();
			return (this.policy.maskParameter(key, text) != text) ? TextNode.valueOf(PrivacyPolicy.FILTERED) : node;
		}
		if (node instanceof ObjectNode object) {
			if ("user".equals(key)) {
				return scrubUser(object, depth);
			}
			return scrubObject(object, depth, UrlMasking.isQueryKey(key));
		}
		if (node instanceof ArrayNode array) {
			boolean query = UrlMasking.isQueryKey(key);
			for (int i = 0; i < array.size(); i++) {
				JsonNode element = array.get(i);
				array.set(i, isPair(element) ? scrubPair((ArrayNode) element)
						: scrubNode(null, element, depth + 1, query));
			}
			return array;
		}
		return node;
	}

	private String maskText(String key, String text, boolean parameters) {
		if (parameters) {
			return (key != null) ? this.policy.maskParameter(key, text) : this.policy.maskQuery(text);
		}
		if (key != null) {
			if ("did".equals(key) || "user_id".equals(key)) {
				return this.policy.identifier(text);
			}
		}
		return UrlMasking.mask(this.policy, key, text);
	}

	/**
	 * An object with its values masked and its field names too. Names are rewritten only when one
	 * changed; a masked name that is already taken is numbered, with a counter per name so that many
	 * collisions stay linear.
	 */
	private JsonNode scrubObject(ObjectNode object, int depth, boolean parameters) {
		List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.size());
		for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
			fields.add(it.next());
		}
		String[] names = new String[fields.size()];
		boolean renamed = false;
		for (int i = 0; i < names.length; i++) {
			String name = fields.get(i).getKey();
			names[i] = UrlMasking.mask(this.policy, name);
			renamed |= (names[i] != name);
		}
		if (!renamed) {
			for (Map.Entry<String, JsonNode> field : fields) {
				if (SentryUserFields.IP_ADDRESS.equals(field.getKey()) && this.users.removesIpAddress()) {
					object.remove(field.getKey());
					continue;
				}
				object.set(field.getKey(), scrubNode(field.getKey(), field.getValue(), depth + 1, parameters));
			}
			return object;
		}
		Set<String> taken = new HashSet<>();
		for (int i = 0; i < names.length; i++) {
			if (names[i] == fields.get(i).getKey()) {
				taken.add(names[i]);
			}
		}
		Map<String, Integer> nextSuffix = new HashMap<>();
		ObjectNode copy = this.json.createObjectNode();
		for (int i = 0; i < names.length; i++) {
			Map.Entry<String, JsonNode> field = fields.get(i);
			String name = names[i];
			if (name != field.getKey()) {
				name = unique(name, taken, nextSuffix);
			}
			else if (SentryUserFields.IP_ADDRESS.equals(name) && this.users.removesIpAddress()) {
				continue;
			}
			copy.set(name, scrubNode(field.getKey(), field.getValue(), depth + 1, parameters));
		}
		return copy;
	}

	private static String unique(String name, Set<String> taken, Map<String, Integer> nextSuffix) {
		if (taken.add(name)) {
			return name;
		}
		int suffix = nextSuffix.getOrDefault(name, 2);
		String candidate = name + " (" + suffix + ")";
		while (!taken.add(candidate)) {
			suffix++;
			candidate = name + " (" + suffix + ")";
		}
		nextSuffix.put(name, suffix + 1);
		return candidate;
	}

	/**
	 * Whether the node is a {@code [name, value]} pair, the form Sentry allows for headers, query
	 * strings and cookies.
	 */
	private static boolean isPair(JsonNode node) {
		return node instanceof ArrayNode array && array.size() == 2 && array.get(0).isTextual()
				&& (array.get(1).isTextual() || array.get(1).isNull());
	}

	private ArrayNode scrubPair(ArrayNode pair) {
		String name = pair.get(0).asText();
		if (pair.get(1).isTextual()) {
			String value = pair.get(1).asText();
			String masked = this.policy.maskParameter(name, value);
			if (masked != value) {
				pair.set(1, TextNode.valueOf(masked));
			}
		}
		String maskedName = UrlMasking.mask(this.policy, name);
		if (maskedName != name) {
			pair.set(0, TextNode.valueOf(maskedName));
		}
		return pair;
	}

	private static boolean isBlank(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (!Character.isWhitespace(bytes[i])) {
				return false;
			}
		}
		return true;
	}

	private static int lineEnd(byte[] bytes, int from) {
		for (int i = from; i < bytes.length; i++) {
			if (bytes[i] == '\n') {
				return i;
			}
		}
		return bytes.length;
	}

	/**
	 * Told about every item the scrubber drops.
	 */
	@FunctionalInterface
	public interface DroppedItems {

		/**
		 * An item was dropped.
		 * @param type its type, one of a fixed set of names or {@code other}
		 */
		void dropped(String type);

	}

}
