package dev.observability.autoconfigure.correlation;

import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

import dev.observability.correlation.Correlation;
import dev.observability.correlation.RequestIdClientHttpRequestInterceptor;
import dev.observability.correlation.RequestIdExchangeFilterFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdHttpClientPropagationTests {

	@AfterEach
	void clear() {
		MDC.clear();
	}

	@Test
	void shouldSendTheCurrentRequestIdOnBlockingClients() throws Exception {
		MDC.put(Correlation.REQUEST_ID, "req-7");
		MockClientHttpRequest request = new MockClientHttpRequest(HttpMethod.GET, URI.create("http://x/"));
		new RequestIdClientHttpRequestInterceptor("X-Request-Id").intercept(request, new byte[0],
				(req, body) -> new MockClientHttpResponse(new byte[0], HttpStatus.OK));
		assertThat(request.getHeaders().getFirst("X-Request-Id")).isEqualTo("req-7");
	}

	@Test
	void shouldKeepAHeaderTheCallerSet() throws Exception {
		MDC.put(Correlation.REQUEST_ID, "req-7");
		MockClientHttpRequest request = new MockClientHttpRequest(HttpMethod.GET, URI.create("http://x/"));
		request.getHeaders().set("X-Request-Id", "explicit");
		new RequestIdClientHttpRequestInterceptor("X-Request-Id").intercept(request, new byte[0],
				(req, body) -> new MockClientHttpResponse(new byte[0], HttpStatus.OK));
		assertThat(request.getHeaders().get("X-Request-Id")).containsExactly("explicit");
	}

	@Test
	void shouldSendNothingOutsideARequest() throws Exception {
		MockClientHttpRequest request = new MockClientHttpRequest(HttpMethod.GET, URI.create("http://x/"));
		new RequestIdClientHttpRequestInterceptor("X-Request-Id").intercept(request, new byte[0],
				(req, body) -> new MockClientHttpResponse(new byte[0], HttpStatus.OK));
		assertThat(request.getHeaders().getFirst("X-Request-Id")).isNull();
	}

	@Test
	void shouldSendTheCurrentRequestIdOnWebClient() {
		MDC.put(Correlation.REQUEST_ID, "req-8");
		AtomicReference<ClientRequest> sent = new AtomicReference<>();
		new RequestIdExchangeFilterFunction("X-Request-Id")
			.filter(ClientRequest.create(HttpMethod.GET, URI.create("http://x/")).build(), (request) -> {
				sent.set(request);
				return Mono.just(ClientResponse.create(HttpStatus.OK).build());
			})
			.block();
		assertThat(sent.get().headers().getFirst("X-Request-Id")).isEqualTo("req-8");
	}

}
