package dev.observability.correlation;

import org.slf4j.MDC;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Sends the current request id on outgoing {@code WebClient} calls, unless the caller already set
 * the header. The id is read from the MDC of the thread that subscribes, which for a servlet
 * application is the request thread.
 */
public final class RequestIdExchangeFilterFunction implements ExchangeFilterFunction {

	private final String header;

	public RequestIdExchangeFilterFunction(String header) {
		this.header = header;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		String id = MDC.get(Correlation.REQUEST_ID);
		if (id == null || request.headers().getFirst(this.header) != null) {
			return next.exchange(request);
		}
		return next.exchange(ClientRequest.from(request).header(this.header, id).build());
	}

}
