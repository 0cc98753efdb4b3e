package dev.observability.tracing;

import java.util.List;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * Adds the trace headers ({@code traceparent}, {@code tracestate}, {@code baggage},
 * {@code sentry-trace}) to the allowed request headers of the application's CORS configurations,
 * so that a browser on another origin can continue its trace into this service. Covers Spring
 * MVC's global CORS mappings and {@code UrlBasedCorsConfigurationSource} beans (as Spring
 * Security's {@code cors()} uses); a configuration that allows every header is left as it is.
 */
public final class TraceHeadersCorsPostProcessor implements BeanPostProcessor {

	static final List<String> TRACE_HEADERS = List.of("traceparent", "tracestate", "baggage", "sentry-trace");

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AbstractHandlerMapping mapping) {
			allowTraceHeaders(mapping.getCorsConfigurationSource());
		}
		else if (bean instanceof CorsConfigurationSource source) {
			allowTraceHeaders(source);
		}
		return bean;
	}

	private static void allowTraceHeaders(CorsConfigurationSource source) {
		if (source instanceof UrlBasedCorsConfigurationSource urlBased) {
			urlBased.getCorsConfigurations().values().forEach(TraceHeadersCorsPostProcessor::allowTraceHeaders);
		}
	}

	private static void allowTraceHeaders(CorsConfiguration configuration) {
		List<String> allowed = configuration.getAllowedHeaders();
		if (allowed != null && allowed.contains(CorsConfiguration.ALL)) {
			return;
		}
		for (String header : TRACE_HEADERS) {
			if (allowed == null || allowed.stream().noneMatch(header::equalsIgnoreCase)) {
				configuration.addAllowedHeader(header);
			}
		}
	}

}
