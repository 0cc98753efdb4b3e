package dev.observability.logging;

import java.io.StringWriter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
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

	@Test
	void shouldWriteNumbersAsTheMapperDoesAndHideThoseUnderSensitiveKeys() throws Exception {
		Object[] values = { 200, Integer.MIN_VALUE, 12_345_678_901L, Long.MAX_VALUE, 0.5, (short) 7 };
		StringWriter expected = new StringWriter();
		try (JsonGenerator generator = new ObjectMapper().createGenerator(expected)) {
			generator.writeStartObject();
			for (int i = 0; i < values.length; i++) {
				generator.writeFieldName("n" + i);
				generator.writeObject(values[i]);
			}
			generator.writeEndObject();
		}
		StringWriter out = new StringWriter();
		try (JsonGenerator generator = PrivacyJsonGenerator.decorator(LogPolicy.of(PrivacyPolicy.withDefaults()), 8192)
			.decorate(new ObjectMapper().createGenerator(out))) {
			generator.writeStartObject();
			for (int i = 0; i < values.length; i++) {
				generator.writeFieldName("n" + i);
				generator.writeObject(values[i]);
			}
			generator.writeFieldName("token");
			generator.writeObject(1234);
			generator.writeFieldName("password");
			generator.writeObject(12_345_678_901L);
			generator.writeEndObject();
		}
		String written = expected.toString();
		assertThat(out).hasToString(written.substring(0, written.length() - 1)
				+ ",\"token\":\"[Filtered]\",\"password\":\"[Filtered]\"}");
	}

	@Test
	void shouldWriteTreesAsTheMapperDoesWithTheirTextProtected() throws Exception {
		ObjectMapper mapper = new ObjectMapper();
		StringWriter out = new StringWriter();
		try (JsonGenerator generator = PrivacyJsonGenerator.decorator(LogPolicy.of(PrivacyPolicy.withDefaults()), 8192)
			.decorate(mapper.createGenerator(out))) {
			generator.writeStartObject();
			generator.writeFieldName("service");
			generator.writeTree(TextNode.valueOf("orders"));
			generator.writeFieldName("note");
			generator.writeTree(TextNode.valueOf("mail jane.doe@example.com"));
			generator.writeFieldName("token");
			generator.writeTree(TextNode.valueOf("abc"));
			generator.writeFieldName("replicas");
			generator.writeTree(IntNode.valueOf(3));
			generator.writeFieldName("tags");
			generator.writeTree(mapper.createArrayNode().add("a").add("4111111111111111"));
			generator.writeEndObject();
		}
		assertThat(out).hasToString("{\"service\":\"orders\",\"note\":\"mail [Filtered]\",\"token\":\"[Filtered]\","
				+ "\"replicas\":3,\"tags\":[\"a\",\"[Filtered]\"]}");
	}

}
