package dev.observability.logging;

import java.io.StringWriter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.observability.privacy.PrivacyPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrivacyJsonGeneratorTests {

	@Test
	void shouldWriteTraceAndSpanIdsAsTheTracerMadeThem() throws Exception {
		StringWriter out = new StringWriter();
		try (JsonGenerator generator = PrivacyJsonGenerator.decorator(LogPolicy.of(PrivacyPolicy.withDefaults()), 8192)
			.decorate(new JsonFactory().createGenerator(out))) {
			generator.writeStartObject();
			generator.writeStringField("traceId", "0af7651916cd43dd8448eb211c80319c");
			generator.writeStringField("spanId", "4111111111111111");
			generator.writeStringField("orderId", "4111111111111111");
			generator.writeEndObject();
		}
		assertThat(out).hasToString("{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"4111111111111111\","
				+ "\"orderId\":\"[Filtered]\"}");
	}

}
