package dev.observability.autoconfigure.tracing;

import dev.observability.autoconfigure.TestLine;
import dev.observability.autoconfigure.privacy.PrivacyAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

class TraceHeadersCorsTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PrivacyAutoConfiguration.class,
				TracingIntegrationAutoConfiguration.class, TestLine.WEB_MVC_AUTO_CONFIGURATION))
		.withBean(WebMvcConfigurer.class, () -> new WebMvcConfigurer() {
			@Override
			public void addCorsMappings(CorsRegistry registry) {
				registry.addMapping("/api/**").allowedOrigins("https://app.example").allowedHeaders("content-type");
			}
		});

	@Test
	void shouldAllowTheTraceHeadersWhenAsked() {
		this.runner.withPropertyValues("observability.tracing.cors-trace-headers=true")
			.run((context) -> assertThat(apiCors(context.getBean("requestMappingHandlerMapping",
					RequestMappingHandlerMapping.class)).getAllowedHeaders())
				.contains("content-type", "traceparent", "tracestate", "baggage", "sentry-trace"));
	}

	@Test
	void shouldLeaveCorsAloneByDefault() {
		this.runner.run((context) -> assertThat(apiCors(context.getBean("requestMappingHandlerMapping",
				RequestMappingHandlerMapping.class)).getAllowedHeaders()).containsExactly("content-type"));
	}

	private static CorsConfiguration apiCors(RequestMappingHandlerMapping mapping) {
		return ((UrlBasedCorsConfigurationSource) mapping.getCorsConfigurationSource()).getCorsConfigurations()
			.get("/api/**");
	}

}
