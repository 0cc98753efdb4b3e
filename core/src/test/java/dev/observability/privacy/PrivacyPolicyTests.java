package dev.observability.privacy;

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PrivacyPolicyTests {

	private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

	private final PrivacyPolicy policy = PrivacyPolicy.withDefaults();

	@ParameterizedTest
	@ValueSource(strings = { "password", "Password", "db.password", "X-Auth-Token", "refresh_token", "access_token",
			"client_secret", "clientSecret", "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "apiKey",
			"X-API-KEY", "api_key", "private_key", "credentials", "SESSION", "JSESSIONID", "passwd", "secret_key",
			"access_key", "aws_secret_access_key", "auth", "X-Amz-Signature", "sessionid", "session_id", "X-Stripe-Key",
			"X-Access-Key", "AccountKey" })
	void shouldTreatBuiltInKeysAsSensitiveWhateverTheirCaseAndSeparators(String key) {
		assertThat(this.policy.isSensitiveKey(key)).isTrue();
		assertThat(this.policy.mask(key, "value")).isEqualTo(PrivacyPolicy.FILTERED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "requestId", "userId", "tokenType", "method", "path", "status", "message", "code",
			"status_code", "key", "cache_key", "author" })
	void shouldLeaveOrdinaryKeysAlone(String key) {
		assertThat(this.policy.isSensitiveKey(key)).isFalse();
		assertThat(this.policy.mask(key, "value")).isEqualTo("value");
	}

	@Test
	void shouldReturnTheSameInstanceWhenTextHasNoSecret() {
		String text = "Order 4711 shipped to warehouse 12 at 2026-11-23T10:15:30Z: status=ok";
		assertThat(this.policy.mask(text)).isSameAs(text);
	}

	@Test
	void shouldMaskBearerTokens() {
		assertThat(this.policy.mask("header Bearer abc.DEF-123_~+/==")).isEqualTo("header Bearer [Filtered]");
	}

	@Test
	void shouldMaskJwts() {
		assertThat(this.policy.mask("token " + JWT + " seen")).isEqualTo("token [Filtered] seen");
	}

	@Test
	void shouldMaskEmailAddresses() {
		assertThat(this.policy.mask("mail jane.doe+x@example.co.uk now")).isEqualTo("mail [Filtered] now");
	}

	@Test
	void shouldMaskEveryEmailAddressButKeepWhatSurroundsIt() {
		assertThat(this.policy.mask("to a@b.io, cc: x_y%z-1@mail.example.org.")).isEqualTo("to [Filtered], cc: [Filtered].");
		assertThat(this.policy.mask("(jane@example.com)")).isEqualTo("([Filtered])");
	}

	@Test
	void shouldLeaveAtSignsThatAreNotEmailAddresses() {
		String text = "user@localhost ran @scheduled job at 10:00 @ 2x, ver 1.2@3";
		assertThat(this.policy.mask(text)).isSameAs(text);
	}

	@Test
	void shouldMaskCardNumbersThatPassLuhnOnly() {
		assertThat(this.policy.mask("card 4111 1111 1111 1111 ok")).isEqualTo("card [Filtered] ok");
		assertThat(this.policy.mask("card 4111-1111-1111-1111")).isEqualTo("card [Filtered]");
		assertThat(this.policy.mask("order 4111111111111112 ok")).isEqualTo("order 4111111111111112 ok");
	}

	@Test
	void shouldNotTakeDigitsWithinAnIdentifierForACardNumber() {
		String requestId = "0af76519abcdef4111111111111111ab";
		assertThat(this.policy.mask(requestId)).isSameAs(requestId);
		assertThat(this.policy.mask("request " + requestId + " failed")).isEqualTo("request " + requestId + " failed");
		assertThat(this.policy.mask("card=4111111111111111;")).isEqualTo("card=[Filtered];");
	}

	@Test
	void shouldNotTakeARunStartingWithZeroForACardNumber() {
		// Passes the Luhn check, as any run of zeros does: the parent id of a root span.
		String line = "span checkout parent=0000000000000000";
		assertThat(this.policy.mask(line)).isSameAs(line);
		assertThat(this.policy.mask("id 0378282246310005 ok")).isEqualTo("id 0378282246310005 ok");
		assertThat(this.policy.mask("amex 378282246310005 ok")).isEqualTo("amex [Filtered] ok");
	}

	@Test
	void shouldMaskAwsAccessKeys() {
		assertThat(this.policy.mask("key AKIAIOSFODNN7EXAMPLE used")).isEqualTo("key [Filtered] used");
	}

	@Test
	void shouldMaskPrivateKeyBlocks() {
		String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";
		assertThat(this.policy.mask("loaded " + pem + " done")).isEqualTo("loaded [Filtered] done");
	}

	@Test
	void shouldMaskCredentialsInUrls() {
		assertThat(this.policy.mask("connect https://admin:s3cret@db.internal/x"))
			.isEqualTo("connect https://[Filtered]@db.internal/x");
	}

	@Test
	void shouldMaskSensitiveKeyValuePairsInText() {
		assertThat(this.policy.mask("login user=jane password=hunter2&remember=1"))
			.isEqualTo("login user=jane password=[Filtered]&remember=1");
		assertThat(this.policy.mask("{\"client_secret\": \"abc def\", \"name\":\"x\"}"))
			.isEqualTo("{\"client_secret\": \"[Filtered]\", \"name\":\"x\"}");
		assertThat(this.policy.mask("apiKey: k-123 next")).isEqualTo("apiKey: [Filtered]");
	}

	@Test
	void shouldMaskAQueryStringPairByPair() {
		assertThat(this.policy.maskQuery("page=2&access_token=abc&mail=jane@example.com&&flag"))
			.isEqualTo("page=2&access_token=[Filtered]&mail=[Filtered]&&flag");
		String clean = "page=2&size=20";
		assertThat(this.policy.maskQuery(clean)).isSameAs(clean);
	}

	@Test
	void shouldMaskTheCredentialsAfterAnAuthorizationScheme() {
		assertThat(this.policy.mask("Authorization: Basic dXNlcjpwYXNz")).isEqualTo("Authorization: [Filtered]");
		assertThat(this.policy.mask("Authorization: Bearer opaque-token-value"))
			.doesNotContain("opaque-token-value");
	}

	@ParameterizedTest
	@ValueSource(strings = { "token=abc&x=1", "Authorization: Bearer abc.def", "{\"password\": \"p w\"}",
			"mail jane@example.com", "https://u:p@h/x", "card 4111 1111 1111 1111", "key AKIAIOSFODNN7EXAMPLE" })
	void shouldBeIdempotent(String text) {
		String once = this.policy.mask(text);
		assertThat(once).isNotEqualTo(text);
		assertThat(this.policy.mask(once)).isEqualTo(once);
	}

	@Test
	void shouldLetEachDetectorBeSwitchedOff() {
		PrivacyPolicy relaxed = PrivacyPolicy.builder().detector(Detector.EMAIL, false).keyValue(false).build();
		assertThat(relaxed.mask("mail jane@example.com")).isEqualTo("mail jane@example.com");
		assertThat(relaxed.mask("password=hunter2")).isEqualTo("password=hunter2");
		assertThat(relaxed.mask("token " + JWT)).isEqualTo("token [Filtered]");
	}

	@Test
	void shouldAddUserKeysAndPatternsToTheBuiltInOnes() {
		PrivacyPolicy custom = PrivacyPolicy.builder()
			.sensitiveKey("iban")
			.pattern(Pattern.compile("ACCT-[0-9]{6}"))
			.build();
		assertThat(custom.isSensitiveKey("customer_iban")).isTrue();
		assertThat(custom.isSensitiveKey("password")).isTrue();
		assertThat(custom.mask("moved ACCT-123456 iban=DE89370400440532013000"))
			.isEqualTo("moved [Filtered] iban=[Filtered]");
	}

	@Test
	void shouldDropBuiltInKeysOnlyWhenAsked() {
		PrivacyPolicy custom = PrivacyPolicy.builder().builtInKeys(false).sensitiveKey("pin").build();
		assertThat(custom.isSensitiveKey("password")).isFalse();
		assertThat(custom.isSensitiveKey("pin")).isTrue();
	}

	@Test
	void shouldMaskNothingWhenDisabled() {
		PrivacyPolicy off = PrivacyPolicy.builder().enabled(false).build();
		assertThat(off.mask("password", "hunter2")).isEqualTo("hunter2");
		assertThat(off.mask("mail jane@example.com")).isEqualTo("mail jane@example.com");
		assertThat(off.describe()).isEqualTo("off");
	}

	@Test
	void shouldApplyTheApplicationsRulesAfterTheBuiltInOnes() {
		PrivacyPolicy custom = PrivacyPolicy.builder()
			.rule((text) -> text.contains("ACCT-") ? text.replace("ACCT-1234", "ACCT-****") : text)
			.build();
		assertThat(custom.mask("moved ACCT-1234 for jane@example.com")).isEqualTo("moved ACCT-**** for [Filtered]");
		String clean = "nothing here";
		assertThat(custom.mask(clean)).isSameAs(clean);
		assertThat(custom.describe()).contains("1 rules");
	}

	@Test
	void shouldMaskTheWholeValueWhenARuleFails() {
		PrivacyPolicy custom = PrivacyPolicy.builder().rule((text) -> {
			throw new IllegalStateException("rule broke");
		}).build();
		assertThat(custom.mask("order 42 shipped")).isEqualTo(PrivacyPolicy.FILTERED);
		assertThat(custom.rulesFailed()).isOne();
	}

	@Test
	void shouldTruncateAfterMaskingWithOneMarker() {
		assertThat(PrivacyPolicy.truncate("short", 64)).isEqualTo("short");
		String cut = PrivacyPolicy.truncate("x".repeat(100), 40);
		assertThat(cut).hasSize(40).endsWith(PrivacyPolicy.TRUNCATED);
		String emoji = "a".repeat(25) + "\uD83D\uDE00" + "b".repeat(40);
		assertThat(PrivacyPolicy.truncate(emoji, 40)).doesNotContain("\uD83D" + PrivacyPolicy.TRUNCATED)
			.endsWith(PrivacyPolicy.TRUNCATED);
	}

	@Test
	void shouldRejectKeysWithNoLetterOrDigit() {
		assertThatIllegalArgumentException().isThrownBy(() -> PrivacyPolicy.builder().sensitiveKey("--"));
	}

	@Test
	void shouldRejectHashKeysShortEnoughToGuess() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PrivacyPolicy.builder().hashKey("short".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void shouldHashStablyForTheSameSecretAndDifferentlyForAnother() {
		byte[] firstKey = "the-first-secret-of-two".getBytes(StandardCharsets.UTF_8);
		String first = PrivacyPolicy.builder().hashKey(firstKey).build().hash("jane@example.com");
		String again = PrivacyPolicy.builder().hashKey(firstKey).build().hash("jane@example.com");
		String other = PrivacyPolicy.builder()
			.hashKey("the-second-secret-of-two".getBytes(StandardCharsets.UTF_8))
			.build()
			.hash("jane@example.com");
		assertThat(first).matches("[0-9a-f]{16}").isEqualTo(again).isNotEqualTo(other);
	}

	@Test
	void shouldHashAlikeOnThreadsRacingToTheFirstHashOfAPolicyWithARandomKey() throws Exception {
		PrivacyPolicy fresh = PrivacyPolicy.withDefaults();
		int threads = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<String>> hashes = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				hashes.add(pool.submit(() -> {
					start.await();
					return fresh.hash("jane@example.com");
				}));
			}
			start.countDown();
			Set<String> distinct = new HashSet<>();
			for (Future<String> hash : hashes) {
				distinct.add(hash.get(10, TimeUnit.SECONDS));
			}
			assertThat(distinct).singleElement().isEqualTo(fresh.hash("jane@example.com"));
			assertThat(PrivacyPolicy.withDefaults().hash("jane@example.com")).isNotIn(distinct);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void shouldFilterRatherThanThrowWhenTheJvmCannotHash() {
		PrivacyPolicy fresh = PrivacyPolicy.withDefaults();
		Provider[] providers = Security.getProviders();
		for (Provider provider : providers) {
			Security.removeProvider(provider.getName());
		}
		try {
			assertThat(fresh.hash("jane@example.com")).isEqualTo(PrivacyPolicy.FILTERED);
			assertThat(fresh.identifier("jane@example.com")).isEqualTo(PrivacyPolicy.FILTERED);
		}
		finally {
			for (int i = 0; i < providers.length; i++) {
				Security.insertProviderAt(providers[i], i + 1);
			}
		}
		assertThat(Security.getProviders()).containsExactly(providers);
		assertThat(fresh.hash("jane@example.com")).matches("[0-9a-f]{16}");
	}

	@Test
	void shouldHashIdentifiersThatLookLikeEmailAddresses() {
		assertThat(this.policy.identifier("jane@example.com")).matches("[0-9a-f]{16}");
		assertThat(this.policy.identifier("user-42")).isEqualTo("user-42");
	}

	@Test
	void shouldNotBacktrackForeverOnHostileInput() {
		String hostile = "a".repeat(20_000) + "@" + "b.".repeat(5_000);
		assertThat(this.policy.mask(hostile)).isNotNull();
	}

}
