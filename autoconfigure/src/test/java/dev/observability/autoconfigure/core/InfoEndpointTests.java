package dev.observability.autoconfigure.core;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observability.autoconfigure.OpenSecurity;
import dev.observability.autoconfigure.TestLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the public {@code /actuator/info} tells, over real HTTP: no JDK build unless the
 * application asks for it.
 */
class InfoEndpointTests {

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@AfterEach
	void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void shouldNotTellTheJavaRuntimeByDefault() throws Exception {
		JsonNode info = info(start());
		assertThat(info.has("java")).as(info.toString()).isFalse();
	}

	@Test
	void shouldTellTheJavaRuntimeWhenTheApplicationAsksForIt() throws Exception {
		JsonNode info = info(start("management.info.java.enabled=true"));
		assertThat(info.path("java").path("version").asText()).isEqualTo(System.getProperty("java.version"));
	}

	/**
	 * Starts the application with the given settings as command-line arguments, a source that
	 * an application's own settings come from.
	 */
	private int start(String... arguments) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off", "observability.logging.json=false",
					"observability.metrics.prometheus.password=scrape-pass-long")
			.run(List.of(arguments).stream().map((argument) -> "--" + argument).toArray(String[]::new));
		this.contexts.add(context);
		return TestLine.port(context);
	}

	private static JsonNode info(int port) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/info")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return new ObjectMapper().readTree(response.body());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(OpenSecurity.class)
	static class TestApplication {

	}

}
