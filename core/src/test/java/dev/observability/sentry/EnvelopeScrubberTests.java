package dev.observability.sentry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observability.privacy.PrivacyPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class EnvelopeScrubberTests {

	private static final String HEADER = "{\"dsn\":\"http://public@127.0.0.1:9/1\"}\n";

	private static final String VENDOR_TOKEN = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc";

	private final ObjectMapper json = new ObjectMapper();

	private final PrivacyPolicy policy = PrivacyPolicy.withDefaults();

	private final List<String> dropped = new ArrayList<>();

	private final EnvelopeScrubber scrubber = new EnvelopeScrubber(this.policy, false, false, this.dropped::add);

	@Test
	void shouldScrubAnEventAndRewriteItsLength() throws Exception {
		String scrubbed = scrub(HEADER + "{\"type\":\"event\",\"length\":27}\n{\"message\":\"password=x1y2\"}\n");
		assertThat(scrubbed).isEqualTo(
				HEADER + "{\"type\":\"event\",\"length\":33}\n{\"message\":\"password=[Filtered]\"}\n");
	}

	@ParameterizedTest
	@ValueSource(ints = { Integer.MAX_VALUE, Integer.MAX_VALUE - 40, 1000, -1 })
	void shouldRefuseAnItemLongerThanTheEnvelope(int length) {
		assertThatIOException()
			.isThrownBy(() -> scrub(HEADER + "{\"type\":\"event\",\"length\":" + length + "}\n{}\n"))
			.withMessage("Item longer than the envelope");
	}

	@Test
	void shouldScrubTheEnvelopeHeaderButKeepTheDsn() throws Exception {
		String scrubbed = scrub("{\"dsn\":\"http://public@127.0.0.1:9/1\",\"trace\":{\"user_id\":\"a.b@example.com\","
				+ "\"user_segment\":\"password=hunter2\",\"transaction\":\"/cb?code=oauth-code-1\"},"
				+ "\"sdk\":{\"name\":\"" + VENDOR_TOKEN + "\"}}\n");
		JsonNode header = this.json.readTree(scrubbed.substring(0, scrubbed.indexOf('\n')));
		assertThat(header.path("dsn").asText()).isEqualTo("http://public@127.0.0.1:9/1");
		assertThat(header.path("trace").path("user_id").asText()).isEqualTo(this.policy.hash("a.b@example.com"));
		assertThat(header.path("trace").path("user_segment").asText()).isEqualTo("password=[Filtered]");
		assertThat(header.path("trace").path("transaction").asText()).isEqualTo("/cb?code=[Filtered]");
		assertThat(scrubbed).doesNotContain("hunter2", "a.b@example.com", VENDOR_TOKEN, "oauth-code-1");
	}

	@Test
	void shouldScrubSessionsHashingTheirDistinctIdAndDroppingTheIpAddress() throws Exception {
		String scrubbed = scrub(HEADER + "{\"type\":\"session\"}\n{\"sid\":\"5a1c\",\"did\":\"a.b@example.com\","
				+ "\"attrs\":{\"release\":\"1.0\",\"ip_address\":\"203.0.113.9\",\"user_agent\":\"token=" + VENDOR_TOKEN
				+ "\"}}\n{\"type\":\"sessions\"}\n{\"aggregates\":[{\"did\":\"a.b@example.com\",\"exited\":1}]}\n");
		List<JsonNode> items = items(scrubbed);
		assertThat(items.get(0).path("did").asText()).isEqualTo(this.policy.hash("a.b@example.com"));
		assertThat(items.get(0).path("attrs").has("ip_address")).isFalse();
		assertThat(items.get(0).path("attrs").path("release").asText()).isEqualTo("1.0");
		assertThat(items.get(1).path("aggregates").get(0).path("did").asText())
			.isEqualTo(this.policy.hash("a.b@example.com"));
		assertThat(scrubbed).doesNotContain("a.b@example.com", "203.0.113.9", VENDOR_TOKEN);
	}

	@Test
	void shouldMaskHeadersAndQueryStringsGivenAsPairsByName() throws Exception {
		String scrubbed = scrub(HEADER + "{\"type\":\"event\"}\n{\"request\":{\"headers\":[[\"Authorization\","
				+ "\"Bearer abc.def\"],[\"X-Api-Key\",\"key-value-1\"],[\"Accept\",\"text/html\"]],"
				+ "\"query_string\":[[\"code\",\"oauth-code-2\"],[\"page\",\"2\"]]}}\n");
		JsonNode request = items(scrubbed).get(0).path("request");
		assertThat(request.path("headers").toString())
			.isEqualTo("[[\"Authorization\",\"[Filtered]\"],[\"X-Api-Key\",\"[Filtered]\"],[\"Accept\",\"text/html\"]]");
		assertThat(request.path("query_string").toString())
			.isEqualTo("[[\"code\",\"[Filtered]\"],[\"page\",\"2\"]]");
	}

	@Test
	void shouldMaskQueryStringsFragmentsAndTheQueryOfUrls() throws Exception {
		String scrubbed = scrub(HEADER + "{\"type\":\"event\"}\n{\"request\":{\"url\":\"https://shop.example/cb?"
				+ "code=oauth-code-3&page=2#access_token=fragment-token-3&state=s1\",\"query_string\":{\"key\":"
				+ "\"api-key-3\",\"page\":\"2\"},\"fragment\":\"sid=sid-3\"},\"breadcrumbs\":{\"values\":[{\"data\":"
				+ "{\"url\":\"/api/items?sig=sig-3\",\"http.query\":\"otp=otp-3\"}}]}}\n");
		JsonNode event = items(scrubbed).get(0);
		assertThat(event.path("request").path("url").asText())
			.isEqualTo("https://shop.example/cb?code=[Filtered]&page=2#access_token=[Filtered]&state=s1");
		assertThat(event.path("request").path("query_string").toString())
			.isEqualTo("{\"key\":\"[Filtered]\",\"page\":\"2\"}");
		assertThat(event.path("request").path("fragment").asText()).isEqualTo("sid=[Filtered]");
		assertThat(scrubbed).doesNotContain("oauth-code-3", "fragment-token-3", "api-key-3", "sid-3", "sig-3",
				"otp-3");
	}

	@Test
	void shouldMaskSecretsUsedAsFieldNamesNumberingCollisions() throws Exception {
		String scrubbed = scrub(HEADER + "{\"type\":\"event\"}\n{\"extra\":{\"password=hunter2\":1,\"" + VENDOR_TOKEN
				+ "\":2,\"a.b@example.com\":3,\"[Filtered]\":4,\"plain\":5}}\n");
		JsonNode extra = items(scrubbed).get(0).path("extra");
		List<String> names = new ArrayList<>();
		extra.fieldNames().forEachRemaining(names::add);
		assertThat(names).containsExactly("password=[Filtered]", "[Filtered] (2)", "[Filtered] (3)", "[Filtered]",
				"plain");
		assertThat(extra.path("[Filtered] (2)").asInt()).isEqualTo(2);
		assertThat(scrubbed).doesNotContain("hunter2", VENDOR_TOKEN, "a.b@example.com");
	}

	@Test
	void shouldScrubEveryJsonItemWhateverItsType() throws Exception {
		StringBuilder envelope = new StringBuilder(HEADER);
		for (String type : List.of("transaction", "user_report", "feedback", "log", "span", "client_report",
				"check_in", "profile")) {
			envelope.append("{\"type\":\"").append(type).append("\",\"filename\":\"password=hunter2\"}\n")
				.append("{\"comments\":\"mail a.b@example.com\",\"nested\":[{\"note\":\"password=hunter2 ")
				.append(VENDOR_TOKEN)
				.append("\"}]}\n");
		}
		String scrubbed = scrub(envelope.toString());
		assertThat(items(scrubbed)).hasSize(8);
		assertThat(scrubbed).doesNotContain("hunter2", "a.b@example.com", VENDOR_TOKEN);
		assertThat(this.dropped).isEmpty();
	}

	@Test
	void shouldDropAnItemOfATypeItDoesNotKnowEvenWhenItIsJson() throws Exception {
		String scrubbed = scrub(HEADER + "{\"type\":\"made_up\"}\n5555555555554444\n"
				+ "{\"type\":\"made_up\"}\n{\"note\":\"kept?\"}\n{\"type\":\"event\"}\n{\"message\":\"kept\"}\n");
		assertThat(scrubbed).doesNotContain("5555555555554444", "kept?");
		assertThat(items(scrubbed)).hasSize(1);
		assertThat(this.dropped).containsExactly("other", "other");
	}

	@Test
	void shouldMaskCardNumbersSentAsJsonNumbers() throws Exception {
		String scrubbed = scrub(HEADER + "{\"type\":\"event\"}\n{\"extra\":{\"card\":4111111111111111,"
				+ "\"order\":123456789012345,\"count\":3}}\n");
		JsonNode extra = items(scrubbed).get(0).path("extra");
		assertThat(extra.path("card").asText()).isEqualTo("[Filtered]");
		assertThat(extra.path("order").asLong()).isEqualTo(123456789012345L);
		assertThat(extra.path("count").asInt()).isEqualTo(3);
	}

	@Test
	void shouldMaskTheQueryOfARouteInAFragment() throws Exception {
		String scrubbed = scrub(HEADER + "{\"type\":\"event\"}\n{\"request\":{\"url\":"
				+ "\"https://app.example/#/oauth/callback?code=route-code-4&state=s1\"}}\n");
		assertThat(items(scrubbed).get(0).path("request").path("url").asText())
			.isEqualTo("https://app.example/#/oauth/callback?code=[Filtered]&state=s1");
	}

	@Test
	void shouldDropAndCountItemsThatCannotBeScrubbed() throws Exception {
		String envelope = HEADER + "{\"type\":\"attachment\",\"length\":16,\"filename\":\"a.txt\"}\npassword=hunter2\n"
				+ "{\"type\":\"replay_event\"}\n{\"urls\":[\"/cb?code=x\"]}\n"
				+ "{\"type\":\"replay_recording\",\"length\":22}\n{\"segment_id\":0}\n\u001f\u008b\u0008ab\n"
				+ "{\"type\":\"statsd\"}\nlogin.password:1|c|#pw:hunter2\n"
				+ "{\"type\":\"profile\"}\nnot json hunter2\n" + "{\"type\":\"<script>\"}\nhunter2 again\n"
				+ "{\"type\":\"event\"}\n{\"message\":\"kept\"}\n";
		String scrubbed = scrub(envelope);
		assertThat(scrubbed).doesNotContain("hunter2", "code=x", "segment_id");
		assertThat(items(scrubbed)).singleElement()
			.satisfies((item) -> assertThat(item.path("message").asText()).isEqualTo("kept"));
		assertThat(this.dropped).containsExactly("attachment", "replay_event", "replay_recording", "statsd", "profile",
				"other");
	}

	@ParameterizedTest
	@ValueSource(strings = { "event", "transaction", "session", "sessions", "client_report" })
	void shouldRefuseAnItemOfAJsonTypeThatIsNotJson(String type) {
		assertThatIOException().isThrownBy(() -> scrub(HEADER + "{\"type\":\"" + type + "\"}\n{\"a\":\n"));
		assertThat(this.dropped).isEmpty();
	}

	@Test
	void shouldScrubAHostileEnvelopeWithoutHanging() throws Exception {
		StringBuilder value = new StringBuilder("{\"message\":\"");
		value.append("eyJ".repeat(170_000)).append("\",\"extra\":{");
		for (int i = 0; i < 40_000; i++) {
			value.append("\"a\":").append(i).append(',');
		}
		value.append("\"b\":1}}");
		StringBuilder keys = new StringBuilder("{");
		for (int i = 0; i < 20_000; i++) {
			keys.append("\"eyJ").append(i).append("password=x\":\"a\",");
		}
		keys.append("\"z\":1}");
		String envelope = HEADER + "{\"type\":\"event\"}\n" + value + "\n{\"type\":\"event\"}\n" + keys + "\n";
		assertThat(envelope.length()).isGreaterThan(1_000_000);
		String scrubbed = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> scrub(envelope));
		assertThat(items(scrubbed)).hasSize(2);
		assertThat(items(scrubbed).get(1).size()).isEqualTo(20_001);
	}

	@Test
	void shouldTreatTheUserAsAServerSideEventDoes() throws Exception {
		String user = "{\"email\":\"jane@example.com\",\"ip_address\":\"203.0.113.7\",\"id\":\"42\","
				+ "\"username\":\"jane\",\"segment\":\"password=hunter2\"}";
		for (boolean keep : new boolean[] { false, true }) {
			EnvelopeScrubber tunnel = new EnvelopeScrubber(this.policy, keep, keep);
			String envelope = HEADER + "{\"type\":\"event\"}\n{\"user\":" + user + "}\n";
			JsonNode scrubbed = items(new String(tunnel.scrub(envelope.getBytes(StandardCharsets.UTF_8)),
					StandardCharsets.UTF_8))
				.get(0)
				.get("user");
			io.sentry.protocol.User server = new io.sentry.protocol.User();
			server.setEmail("jane@example.com");
			server.setIpAddress("203.0.113.7");
			server.setId("42");
			server.setUsername("jane");
			io.sentry.SentryEvent event = new io.sentry.SentryEvent();
			event.setUser(server);
			new SentryEventScrubber(this.policy, keep, keep).scrub(event);
			assertThat(scrubbed.path("email").textValue()).as("email, kept: %s", keep).isEqualTo(server.getEmail());
			assertThat(scrubbed.path("ip_address").textValue()).as("ip, kept: %s", keep)
				.isEqualTo(server.getIpAddress());
			assertThat(scrubbed.path("id").textValue()).isEqualTo(server.getId());
			assertThat(scrubbed.path("username").textValue()).isEqualTo(server.getUsername());
			assertThat(scrubbed.path("segment").textValue()).doesNotContain("hunter2");
		}
	}

	private String scrub(String envelope) throws Exception {
		return new String(this.scrubber.scrub(envelope.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
	}

	private List<JsonNode> items(String envelope) throws Exception {
		return EnvelopeItems.of(envelope);
	}

}
