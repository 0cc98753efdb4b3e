package dev.observability.autoconfigure.correlation;

import dev.observability.correlation.RequestIdClientHttpRequestInterceptor;
import dev.observability.correlation.RequestIdExchangeFilterFunction;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The request id on outgoing calls of the HTTP clients that Spring Boot builds.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ RestClient.class, RestClientCustomizer.class })
@ConditionalOnBooleanProperty(name = "observability.request-id.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.request-id.propagation.http-clients", matchIfMissing = true)
class HttpClientPropagationConfiguration {

	@Bean
	RestClientCustomizer requestIdRestClientCustomizer(RequestIdProperties properties) {
		RequestIdClientHttpRequestInterceptor interceptor = new RequestIdClientHttpRequestInterceptor(
				properties.getHeader());
		return (builder) -> builder.requestInterceptor(interceptor);
	}

	@Bean
	@ConditionalOnClass(RestTemplate.class)
	RestTemplateCustomizer requestIdRestTemplateCustomizer(RequestIdProperties properties) {
		RequestIdClientHttpRequestInterceptor interceptor = new RequestIdClientHttpRequestInterceptor(
				properties.getHeader());
		return (restTemplate) -> restTemplate.getInterceptors().add(interceptor);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClient.class, WebClientCustomizer.class })
	static class WebClientPropagationConfiguration {

		@Bean
		WebClientCustomizer requestIdWebClientCustomizer(RequestIdProperties properties) {
			RequestIdExchangeFilterFunction filter = new RequestIdExchangeFilterFunction(properties.getHeader());
			return (builder) -> builder.filter(filter);
		}

	}

}
