package dev.observability.privacy;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The secret forms an attack on a running application found unmasked, one test per form.
 */
class PrivacyDetectorTests {

	private final PrivacyPolicy policy = PrivacyPolicy.withDefaults();

	@ParameterizedTest
	@ValueSource(strings = { "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "rk_live_51H8abcDEF9ghiJKL0mnoPQR",
			"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "xoxb-2628-3717-aBcDeFgHiJkLmNoP",
			"xoxp-1111-2222-3333-abcdefabcdef", "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
			"github_pat_11ABCDEFG0abcdefghijklmnopqrstuvwxyz0123456789ABCDEF",
			"glpat-xYz1234567890abcdefGH", "npm_abcdefghijklmnopqrstuvwxyz0123456789",
			"AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI", "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",
			"SK0123456789abcdef0123456789abcdef", "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD",
			"sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789-ABCDEF",
			"hf_abcdefghijklmnopqrstuvwxyz0123456789", "shpat_0123456789abcdef0123456789abcdef",
			"dop_v1_0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab",
			"https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX" })
	void shouldMaskVendorTokens(String token) {
		String masked = this.policy.mask("key " + token + " used");
		assertThat(masked).contains("[Filtered]").doesNotContain(token.substring(token.length() - 10));
	}

	@ParameterizedTest
	@ValueSource(strings = { "sk-learn-classifier", "task_live_update", "ghp_short1", "the SKU list", "AIzaShort" })
	void shouldLeaveWordsThatOnlyLookLikeVendorPrefixes(String text) {
		assertThat(this.policy.mask(text)).isSameAs(text);
	}

	@ParameterizedTest
	@ValueSource(strings = { "secret_key=hunter2", "access_key=hunter2", "aws_secret_access_key=hunter2", "auth=hunter2",
			"sessionid=hunter2", "X-Amz-Signature=hunter2", "pass=hunter2", "code=hunter2", "key=hunter2" })
	void shouldMaskTheKeysAnAttackFoundUnmasked(String pair) {
		assertThat(this.policy.mask("GET /x?" + pair)).doesNotContain("hunter2");
	}

	@Test
	void shouldMaskAValueWithSpacesOrCommasToTheEndOfTheLine() {
		assertThat(this.policy.mask("password=correct horse battery staple")).isEqualTo("password=[Filtered]");
		assertThat(this.policy.mask("password=abc,def\nnext line")).isEqualTo("password=[Filtered]\nnext line");
	}

	@Test
	void shouldEndAnUnquotedValueWhereTheNextPairStarts() {
		assertThat(this.policy.mask("password=hunter2, user=jane")).isEqualTo("password=[Filtered], user=jane");
		assertThat(this.policy.mask("{\"password\":1234,\"user\":\"jane\"}"))
			.isEqualTo("{\"password\":[Filtered],\"user\":\"jane\"}");
	}

	@Test
	void shouldMaskEveryCookieInACookieHeader() {
		assertThat(this.policy.mask("Cookie: theme=dark; SESSION=abc; remember=xyz"))
			.isEqualTo("Cookie: [Filtered]");
	}

	@Test
	void shouldMaskOnlyParameterKeysAsWholeParameterNames() {
		assertThat(this.policy.mask("status code: 500")).isEqualTo("status code: 500");
		assertThat(this.policy.mask("status_code=500")).isEqualTo("status_code=500");
		assertThat(this.policy.maskQuery("code=abc&state=xyz")).isEqualTo("code=[Filtered]&state=xyz");
		assertThat(this.policy.maskParameter("key", "AIza")).isEqualTo("[Filtered]");
	}

	@Test
	void shouldMaskIbansWithAValidChecksumOnly() {
		assertThat(this.policy.mask("pay to DE89370400440532013000 now")).isEqualTo("pay to [Filtered] now");
		assertThat(this.policy.mask("pay to GB29 NWBK 6016 1331 9268 19.")).isEqualTo("pay to [Filtered].");
		String wrongChecksum = "pay to DE89370400440532013001 now";
		assertThat(this.policy.mask(wrongChecksum)).isSameAs(wrongChecksum);
	}

	@Test
	void shouldMaskCardsWrittenWithDotsOrDoubleSpaces() {
		assertThat(this.policy.mask("card 4111.1111.1111.1111 ok")).isEqualTo("card [Filtered] ok");
		assertThat(this.policy.mask("card 4111  1111  1111  1111 ok")).isEqualTo("card [Filtered] ok");
		assertThat(this.policy.mask("ids 1 4111 1111 1111 1111")).isEqualTo("ids 1 [Filtered]");
	}

	@Test
	void shouldMaskBasicCredentialsInText() {
		assertThat(this.policy.mask("header Basic ZGVtbzpzM2NyZXQ= sent")).isEqualTo("header Basic [Filtered] sent");
		assertThat(this.policy.mask("basic usage of the api")).isEqualTo("basic usage of the api");
	}

	@Test
	void shouldMaskWhatPercentEncodingHides() {
		assertThat(this.policy.mask("/api/sync?source=password%3Dhunter2")).doesNotContain("hunter2");
		assertThat(this.policy.mask("/users/jane%40example.com/orders")).isEqualTo("/users/[Filtered]/orders");
		assertThat(this.policy.mask("next=https%3A%2F%2Fadmin%3Apw%40example.com%2F")).doesNotContain("pw");
		assertThat(this.policy.mask("double password%253Dhunter2")).doesNotContain("hunter2");
	}

	@Test
	void shouldReadAFormEncodedPlusAsASpace() {
		assertThat(this.policy.mask("note=sent+with+Bearer+q22token+upstream")).doesNotContain("q22token");
		assertThat(this.policy.mask("note=header+was+Basic+ZGVtbzpzM2NyZXQ%3D+sent")).doesNotContain("ZGVtbzpzM2NyZXQ");
		assertThat(this.policy.mask("k=-----BEGIN+RSA+PRIVATE+KEY-----%0AMIIEpQIBAAKC%0A-----END+RSA+PRIVATE+KEY-----"))
			.doesNotContain("MIIEpQIBAAKC");
		assertThat(this.policy.mask("c++ and basic+advanced")).isEqualTo("c++ and basic+advanced");
	}

	@Test
	void shouldMaskAValueQuotedTwice() {
		assertThat(this.policy.mask("[refreshtoken:\"\"q17value\"\"]")).isEqualTo("[refreshtoken:\"\"[Filtered]\"\"]");
		assertThat(this.policy.mask("password=\"\" user=bob")).isEqualTo("password=\"\" user=bob");
	}

	@Test
	void shouldNeverDecodeALineBreakIntoTheText() {
		assertThat(this.policy.mask("a%0Apassword%3Dx")).doesNotContain("\n").doesNotContain("=x");
	}

	@Test
	void shouldMaskFullWidthAndNonAsciiForms() {
		assertThat(this.policy.mask("ｐａｓｓｗｏｒｄ＝ｈｕｎｔｅｒ２")).doesNotContain("ｈｕｎｔｅｒ").doesNotContain("hunter");
		assertThat(this.policy.mask("mail jürgen.müller@exämple.de")).isEqualTo("mail [Filtered]");
		assertThat(this.policy.mask("mail 用户@例子.广告")).isEqualTo("mail [Filtered]");
	}

	@Test
	void shouldLeaveOrdinaryTextAloneWhateverItsScript() {
		String text = "Grüße aus Köln: Bestellung 42 versandt";
		assertThat(this.policy.mask(text)).isSameAs(text);
		String encoded = "/search?q=caf%C3%A9&page=2";
		assertThat(this.policy.mask(encoded)).isSameAs(encoded);
	}

	@Test
	void shouldCutTextLongerThanTheScanLimitBeforeReadingIt() {
		PrivacyPolicy bounded = PrivacyPolicy.builder().maxScanLength(1024).build();
		String masked = bounded.mask("word ".repeat(300) + "sk_live_" + "a1".repeat(100));
		assertThat(masked).endsWith(PrivacyPolicy.TRUNCATED).doesNotContain("sk_live_").hasSizeLessThan(1024 + 20);
	}

	@Test
	void shouldMaskTheWholeValueWhenAnApplicationPatternBacktracks() {
		PrivacyPolicy custom = PrivacyPolicy.builder()
			.pattern(Pattern.compile("(.*a){12}x"))
			.pattern(Pattern.compile("ACCT-[0-9]{6}"))
			.build();
		assertThat(custom.mask("a".repeat(40) + "c")).isEqualTo(PrivacyPolicy.FILTERED);
		assertThat(custom.patternsOverBudget()).isEqualTo(1);
		assertThat(custom.mask("moved ACCT-123456")).isEqualTo("moved [Filtered]");
	}

	@Test
	void shouldLetTheNewDetectorsBeSwitchedOff() {
		PrivacyPolicy relaxed = PrivacyPolicy.builder()
			.detector(Detector.VENDOR_TOKEN, false)
			.detector(Detector.IBAN, false)
			.detector(Detector.BASIC_CREDENTIALS, false)
			.decode(false)
			.build();
		for (String text : List.of("t ghp_16C7e42F292c6912E7710c838347Ae178B4a", "DE89370400440532013000",
				"x Basic ZGVtbzpzM2NyZXQ=", "/u/jane%40example.com")) {
			assertThat(relaxed.mask(text)).isSameAs(text);
		}
	}

}
