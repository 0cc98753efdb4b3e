package dev.observability.benchmarks.http;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Two endpoints: {@code /hello}, where the framework and the observability around it are all the
 * cost, and {@code /work}, which spends about a millisecond of CPU first, like a small real handler.
 */
@RestController
class BenchController {

	/**
	 * Chained SHA-256 rounds of 32 bytes; 20,000 take about 1 ms on the benchmark machine (a 2020s
	 * x86 core with SHA instructions; several times longer without them). Fixed, so every variant
	 * does the same work.
	 */
	static final int WORK_ROUNDS = 20_000;

	@GetMapping("/hello")
	String hello() {
		return "hello";
	}

	@GetMapping("/work")
	String work() throws NoSuchAlgorithmException, DigestException {
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		byte[] state = new byte[32];
		for (int i = 0; i < WORK_ROUNDS; i++) {
			// Hashing into the same array: the loop itself allocates nothing.
			sha256.update(state);
			sha256.digest(state, 0, state.length);
		}
		return HexFormat.of().formatHex(state, 0, 8);
	}

}
