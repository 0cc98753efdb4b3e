package dev.observability.sample;

import java.util.Map;

import dev.observability.tracing.Flows;
import io.micrometer.observation.annotation.Observed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * Exchanges an authorization code for tokens over HTTP, observed as {@code oauth.exchange}. The
 * token endpoint defaults to the provider built into the sample, so no network is needed.
 */
@Service
public class OAuthClient {

	private static final Logger logger = LoggerFactory.getLogger(OAuthClient.class);

	private final RestClient.Builder builder;

	private final Flows flows;

	private final Environment environment;

	private final String provider;

	private final String clientId;

	private final String clientSecret;

	OAuthClient(RestClient.Builder builder, Flows flows, Environment environment,
			@Value("${sample.oauth.provider}") String provider, @Value("${sample.oauth.client-id}") String clientId,
			@Value("${sample.oauth.client-secret}") String clientSecret) {
		this.builder = builder;
		this.flows = flows;
		this.environment = environment;
		this.provider = provider;
		this.clientId = clientId;
		this.clientSecret = clientSecret;
	}

	String provider() {
		return this.provider;
	}

	@Observed(name = "oauth.exchange")
	public Tokens exchange(String code) {
		this.flows.tag("provider", this.provider);
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "authorization_code");
		form.add("code", code);
		form.add("client_id", this.clientId);
		form.add("client_secret", this.clientSecret);
		Map<?, ?> response = this.builder.build()
			.post()
			.uri(tokenUri())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form)
			.retrieve()
			.body(Map.class);
		// Careless on purpose: the starter masks the tokens in this line.
		logger.info("Token response from {}: {}", this.provider, response);
		return new Tokens(String.valueOf(response.get("access_token")), ((Number) response.get("expires_in")).intValue());
	}

	private String tokenUri() {
		String configured = this.environment.getProperty("sample.oauth.token-uri");
		return (configured != null && !configured.isBlank()) ? configured
				: "http://localhost:" + this.environment.getProperty("local.server.port", "8080") + "/oauth/token";
	}

	public record Tokens(String accessToken, int expiresIn) {

		@Override
		public String toString() {
			return "Tokens[expiresIn=" + this.expiresIn + "]";
		}

	}

}
