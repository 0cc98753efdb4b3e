package dev.observability.correlation;

import java.io.IOException;

import org.slf4j.MDC;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sends the current request id on outgoing {@code RestClient} and {@code RestTemplate} calls,
 * unless the caller already set the header.
 */
public final class RequestIdClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	private final String header;

	public RequestIdClientHttpRequestInterceptor(String header) {
		this.header = header;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String id = MDC.get(Correlation.REQUEST_ID);
		if (id != null && request.getHeaders().getFirst(this.header) == null) {
			request.getHeaders().set(this.header, id);
		}
		return execution.execute(request, body);
	}

}
