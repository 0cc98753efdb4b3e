package dev.observability.sample;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OAuth callback: the provider redirects here with a code, which the app exchanges for tokens.
 * The answer never contains a token.
 */
@RestController
class OAuthController {

	private final OAuthClient client;

	OAuthController(OAuthClient client) {
		this.client = client;
	}

	@GetMapping("/oauth/callback")
	Map<String, Object> callback(@RequestParam String code, @RequestParam(required = false) String state) {
		OAuthClient.Tokens tokens = this.client.exchange(code);
		return Map.of("status", "connected", "provider", this.client.provider(), "expiresIn", tokens.expiresIn());
	}

}
