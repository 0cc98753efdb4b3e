package dev.observability.sentry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads a Sentry envelope as the ingest does: its header must be JSON, and each item's payload
 * must be JSON and end where the length in the item's header says.
 */
public final class EnvelopeItems {

	private static final ObjectMapper json = new ObjectMapper();

	private EnvelopeItems() {
	}

	/**
	 * The payloads of an envelope, read strictly by their lengths.
	 * @param envelope the envelope
	 * @return the payloads, in order
	 * @throws Exception if a part is not JSON
	 */
	public static List<JsonNode> of(String envelope) throws Exception {
		byte[] bytes = envelope.getBytes(StandardCharsets.UTF_8);
		int position = envelope.indexOf('\n') + 1;
		json.readTree(new String(bytes, 0, position, StandardCharsets.UTF_8));
		List<JsonNode> items = new ArrayList<>();
		while (position < bytes.length) {
			int end = position;
			while (bytes[end] != '\n') {
				end++;
			}
			JsonNode header = json.readTree(new String(bytes, position, end - position, StandardCharsets.UTF_8));
			int length = header.get("length").asInt();
			items.add(json.readTree(new String(bytes, end + 1, length, StandardCharsets.UTF_8)));
			assertThat(bytes[end + 1 + length]).isEqualTo((byte) '\n');
			position = end + 2 + length;
		}
		return items;
	}

}
