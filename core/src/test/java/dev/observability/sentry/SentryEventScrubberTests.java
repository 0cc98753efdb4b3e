package dev.observability.sentry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.observability.privacy.PrivacyPolicy;
import io.sentry.SentryEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

class SentryEventScrubberTests {

	private final SentryEventScrubber scrubber = new SentryEventScrubber(PrivacyPolicy.withDefaults(),
			false, false);

	@Test
	void shouldKeepANestedValueWithNothingToMaskAsItIs() {
		Map<String, Object> order = Map.of("id", "4711", "items", List.of("book", "pen"), "total", 12.5);
		SentryEvent event = new SentryEvent();
		event.setExtra("order", order);
		this.scrubber.scrub(event);
		assertThat(event.getExtra("order")).isSameAs(order);
	}

	@Test
	void shouldMaskDeepInsideNestedMapsAndListsKeepingOrderAndTheRest() {
		Map<String, Object> payment = new LinkedHashMap<>();
		payment.put("first", "plain");
		payment.put("card", Map.of("holder", "Jane", "password", "hunter2"));
		payment.put("notes", List.of("one", "mail jane.doe@example.com", "three"));
		payment.put("last", 7);
		SentryEvent event = new SentryEvent();
		event.setExtra("payment", payment);
		this.scrubber.scrub(event);
		assertThat(event.getExtra("payment")).isNotSameAs(payment)
			.asInstanceOf(MAP)
			.containsExactly(Map.entry("first", "plain"),
					Map.entry("card", Map.of("holder", "Jane", "password", PrivacyPolicy.FILTERED)),
					Map.entry("notes", List.of("one", "mail " + maskedEmail(), "three")), Map.entry("last", 7));
		assertThat(payment.get("card")).isEqualTo(Map.of("holder", "Jane", "password", "hunter2"));
	}

	@Test
	void shouldMaskInsideAnArray() {
		String[] values = { "ok", "token=abc123" };
		SentryEvent event = new SentryEvent();
		event.setExtra("values", values);
		this.scrubber.scrub(event);
		assertThat(event.getExtra("values")).asInstanceOf(LIST)
			.containsExactly("ok", PrivacyPolicy.withDefaults().mask("token=abc123"))
			.doesNotContain("token=abc123");
	}

	@Test
	void shouldReplaceWhatIsNestedTooDeep() {
		Object nested = "bottom";
		for (int i = 0; i < 12; i++) {
			nested = Map.of("level" + i, nested);
		}
		SentryEvent event = new SentryEvent();
		event.setExtra("deep", nested);
		this.scrubber.scrub(event);
		assertThat(String.valueOf(event.getExtra("deep"))).contains(PrivacyPolicy.FILTERED).doesNotContain("bottom");
	}

	private static String maskedEmail() {
		String masked = PrivacyPolicy.withDefaults().mask("mail jane.doe@example.com");
		assertThat(masked).doesNotContain("jane.doe@example.com");
		return masked.substring("mail ".length());
	}

}
