package dev.observability.autoconfigure.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MetadataJsonTests {

	@Test
	void shouldReadEveryMetadataFileOnTheClassPathAsJacksonDoes() throws IOException {
		List<URL> files = Collections.list(getClass().getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"));
		assertThat(files).hasSizeGreaterThan(5);
		ObjectMapper jackson = new ObjectMapper();
		for (URL file : files) {
			String json;
			try (InputStream in = file.openStream()) {
				json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			Map<String, Object> ours = MetadataJson.parseObject(json);
			Map<?, ?> theirs = jackson.readValue(json, Map.class);
			assertThat(namesAndTypes(ours)).as(file.toString()).isNotEmpty().isEqualTo(namesAndTypes(theirs));
			assertThat(descriptions(ours)).as(file.toString()).isEqualTo(descriptions(theirs));
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldReadEscapesLiteralsAndNumbers() {
		Map<String, Object> object = MetadataJson.parseObject(
				" { \"a\\\"b\" : \"caf\\u00e9\\n\\t\\\\\\/\", \"list\": [true, false, null, -1.5e3, {}, []] } ");
		assertThat(object).containsEntry("a\"b", "caf\u00e9\n\t\\/");
		assertThat((List<Object>) object.get("list")).containsExactly(true, false, null, "-1.5e3", Map.of(), List.of());
	}

	@Test
	void shouldRefuseWhatIsNotOneObject() {
		for (String malformed : List.of("", "[]", "{} {}", "{\"a\": }", "{\"a\" 1}", "{\"a\": \"open",
				"{\"a\": [1 2]}", "{\"a\": \"\\x\"}", "{\"a\": \"\\u12\"}", "{a: 1}")) {
			assertThatIllegalArgumentException().as(malformed).isThrownBy(() -> MetadataJson.parseObject(malformed));
		}
	}

	@Test
	void shouldRefuseDeepNestingWithoutOverflowingTheStack() {
		String deep = "{\"a\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
		assertThatIllegalArgumentException().isThrownBy(() -> MetadataJson.parseObject(deep))
			.withMessageContaining("levels");
	}

	private static List<String> namesAndTypes(Map<?, ?> metadata) {
		List<String> found = new ArrayList<>();
		for (Object property : (List<?>) metadata.get("properties")) {
			Map<?, ?> entry = (Map<?, ?>) property;
			found.add(entry.get("name") + " " + entry.get("type"));
		}
		return found;
	}

	private static List<Object> descriptions(Map<?, ?> metadata) {
		List<Object> found = new ArrayList<>();
		for (Object property : (List<?>) metadata.get("properties")) {
			found.add(((Map<?, ?>) property).get("description"));
		}
		return found;
	}

}
