package dev.observability.sample;

import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A tiny OAuth token endpoint built into the sample, so the exchange runs without a network. A code
 * of "invalid" is refused, to show the failure path.
 */
@RestController
class DemoOAuthProvider {

	private final String clientSecret;

	DemoOAuthProvider(@Value("${sample.oauth.client-secret}") String clientSecret) {
		this.clientSecret = clientSecret;
	}

	@PostMapping(path = "/oauth/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	Map<String, Object> token(@RequestParam("grant_type") String grantType, @RequestParam String code,
			@RequestParam("client_secret") String secret) {
		if (!this.clientSecret.equals(secret) || !"authorization_code".equals(grantType) || "invalid".equals(code)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "invalid_grant");
		}
		return Map.of("access_token", "at-" + UUID.randomUUID(), "refresh_token", "rt-" + UUID.randomUUID(),
				"token_type", "Bearer", "expires_in", 3600);
	}

}
