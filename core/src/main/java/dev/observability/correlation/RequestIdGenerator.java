package dev.observability.correlation;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Creates request ids. Declare a bean of this type to replace the default, 32 lower-case hex
 * characters of thread-local randomness (128 bits): unique enough to find a request, cheap enough
 * for every request, and not a secret.
 */
@FunctionalInterface
public interface RequestIdGenerator {

	/**
	 * Create a new request id.
	 * @return the id
	 */
	String generate();

	/**
	 * The default generator.
	 * @return a generator of 32-character random hex ids
	 */
	static RequestIdGenerator random() {
		return RandomHex.INSTANCE;
	}

	/**
	 * Two random longs as hex, with no intermediate strings.
	 */
	enum RandomHex implements RequestIdGenerator {

		INSTANCE;

		private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

		@Override
		public String generate() {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			byte[] id = new byte[32];
			write(random.nextLong(), id, 0);
			write(random.nextLong(), id, 16);
			return new String(id, StandardCharsets.ISO_8859_1);
		}

		private static void write(long value, byte[] target, int offset) {
			for (int i = 15; i >= 0; i--) {
				target[offset + i] = DIGITS[(int) (value & 0xF)];
				value >>>= 4;
			}
		}

	}

}
