package dev.observability.privacy;

/**
 * The masked copy of a text, built only once something is masked: until then the text itself is
 * the result, and nothing is allocated.
 */
public final class Redaction {

	private final String text;

	private final String mask;

	private StringBuilder out;

	private int copied;

	Redaction(String text, String mask) {
		this.text = text;
		this.mask = mask;
	}

	/**
	 * Replace {@code text[start, end)} by the mask. Ranges come in ascending order; one that starts
	 * inside the last masked range extends it.
	 */
	void mask(int start, int end) {
		if (end <= this.copied) {
			return;
		}
		if (this.out == null) {
			this.out = new StringBuilder(this.text.length() + 16);
		}
		if (start >= this.copied) {
			this.out.append(this.text, this.copied, start).append(this.mask);
		}
		this.copied = end;
	}

	/**
	 * Where the unmasked rest of the text begins.
	 */
	int copied() {
		return this.copied;
	}

	String result() {
		if (this.out == null) {
			return this.text;
		}
		return this.out.append(this.text, this.copied, this.text.length()).toString();
	}

}
