package dev.observability.autoconfigure.logging;

import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLoggingEnvironmentPostProcessorTests {

	private static final String FORMAT = "logging.structured.format.console";

	private final JsonLoggingEnvironmentPostProcessor processor = new JsonLoggingEnvironmentPostProcessor();

	@Test
	void shouldMakeConsoleLinesJsonByDefault() {
		StandardEnvironment environment = process(Map.of(), getClass().getClassLoader());
		assertThat(environment.getProperty(FORMAT)).isEqualTo(ObservabilityJsonFormatter.class.getName());
		assertThat(JsonLoggingEnvironmentPostProcessor.isActive(environment)).isTrue();
	}

	@Test
	void shouldBackOffWhenJsonIsSwitchedOff() {
		assertThat(process(Map.of("observability.logging.json", "false"), getClass().getClassLoader())
			.getProperty(FORMAT)).isNull();
		assertThat(process(Map.of("observability.enabled", "false"), getClass().getClassLoader()).getProperty(FORMAT))
			.isNull();
	}

	@Test
	void shouldLeaveBootsStructuredLoggingAloneWhenTheApplicationChoseIt() {
		assertThat(process(Map.of(FORMAT, "ecs"), getClass().getClassLoader()).getProperty(FORMAT)).isEqualTo("ecs");
	}

	@Test
	void shouldBackOffWhenTheApplicationNamesALoggingConfig() {
		assertThat(process(Map.of("logging.config", "classpath:mine.xml"), getClass().getClassLoader())
			.getProperty(FORMAT)).isNull();
	}

	@Test
	void shouldBackOffWhenTheApplicationHasALogbackFile() {
		ClassLoader withLogbackSpring = new ClassLoader(getClass().getClassLoader()) {
			@Override
			public URL getResource(String name) {
				if ("logback-spring.xml".equals(name)) {
					try {
						return new DefaultResourceLoader().getResource("classpath:application-test-marker.txt").getURL();
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}
				return super.getResource(name);
			}
		};
		assertThat(process(Map.of(), withLogbackSpring).getProperty(FORMAT)).isNull();
	}

	private StandardEnvironment process(Map<String, Object> userProperties, ClassLoader classLoader) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("user", userProperties));
		SpringApplication application = new SpringApplication();
		application.setResourceLoader(new DefaultResourceLoader(classLoader));
		this.processor.postProcessEnvironment(environment, application);
		return environment;
	}

}
