package dev.observability.autoconfigure.core;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every property has an IDE description, and the README's property table lists exactly the
 * {@code observability.*} properties the configuration metadata declares (the rest are Spring
 * Boot's, for the {@code /actuator/observability} endpoint).
 */
class ConfigurationMetadataDocumentationTests {

	private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(observability\\.[a-z0-9.-]+)` \\|", Pattern.MULTILINE);

	@Test
	void shouldDescribeEveryPropertyAndDocumentItInTheReadme() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = new ObjectMapper().readTree(in);
		}
		Set<String> declared = new TreeSet<>();
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asText();
			assertThat(property.path("description").asText()).as("description of %s", name).isNotBlank();
			if (name.startsWith("observability.")) {
				declared.add(name);
			}
		}
		String readme = Files.readString(Path.of("..", "README.md"));
		Set<String> documented = new TreeSet<>();
		Matcher row = TABLE_ROW.matcher(readme);
		while (row.find()) {
			documented.add(row.group(1));
		}
		assertThat(documented).isEqualTo(declared);
	}

}
