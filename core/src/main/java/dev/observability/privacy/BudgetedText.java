package dev.observability.privacy;

/**
 * A text that counts how many characters are read from it, and stops the reader past a budget: a
 * regular expression that backtracks reads the same characters again and again, and this is how
 * an application's own pattern is kept linear.
 */
public final class BudgetedText implements CharSequence {

	private final String text;

	private final int offset;

	private final int length;

	private final long[] remaining;

	BudgetedText(String text, long budget) {
		this(text, 0, text.length(), new long[] { budget });
	}

	private BudgetedText(String text, int offset, int length, long[] remaining) {
		this.text = text;
		this.offset = offset;
		this.length = length;
		this.remaining = remaining;
	}

	@Override
	public int length() {
		return this.length;
	}

	@Override
	public char charAt(int index) {
		if (--this.remaining[0] < 0) {
			throw OverBudget.INSTANCE;
		}
		return this.text.charAt(this.offset + index);
	}

	@Override
	public CharSequence subSequence(int start, int end) {
		return new BudgetedText(this.text, this.offset + start, end - start, this.remaining);
	}

	@Override
	public String toString() {
		return this.text.substring(this.offset, this.offset + this.length);
	}

	/**
	 * Thrown when the budget is spent; shared and without a stack trace, as it is control flow.
	 */
	static final class OverBudget extends RuntimeException {

		private static final long serialVersionUID = 1L;

		static final OverBudget INSTANCE = new OverBudget();

		private OverBudget() {
			super("over budget", null, false, false);
		}

	}

}
