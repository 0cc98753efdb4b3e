package dev.observability.logging;

import java.util.function.Supplier;

import ch.qos.logback.core.Context;
import dev.observability.privacy.PrivacyPolicy;

/**
 * The privacy policy that the log channels of one logging context apply (the JSON console, the
 * masking encoders of the application's own appenders). Logging starts before the application
 * context, so it starts with a policy built from the environment; once the context is up, the
 * context's own policy (the application's bean, or the starter's with the application's rules)
 * takes over, so that every channel masks by the same rules. Kept in the logging context, not in a
 * static field.
 */
public final class LogPolicy implements Supplier<PrivacyPolicy> {

	private static final String KEY = LogPolicy.class.getName();

	private volatile PrivacyPolicy current;

	private LogPolicy(PrivacyPolicy initial) {
		this.current = initial;
	}

	/**
	 * A policy of its own, for a channel outside any logging context.
	 * @param policy the policy
	 * @return the log policy
	 */
	public static LogPolicy of(PrivacyPolicy policy) {
		return new LogPolicy(policy);
	}

	/**
	 * The log policy of a logging context, created the first time it is asked for.
	 * @param context the logging context
	 * @param initial the policy to start with, asked for only when the context has none yet
	 * @return the context's log policy
	 */
	public static LogPolicy in(Context context, Supplier<PrivacyPolicy> initial) {
		synchronized (context) {
			if (context.getObject(KEY) instanceof LogPolicy existing) {
				return existing;
			}
			LogPolicy created = new LogPolicy(initial.get());
			context.putObject(KEY, created);
			return created;
		}
	}

	@Override
	public PrivacyPolicy get() {
		return this.current;
	}

	/**
	 * Apply another policy from the next log line on.
	 * @param policy the policy
	 * @return the policy applied until now
	 */
	public synchronized PrivacyPolicy use(PrivacyPolicy policy) {
		PrivacyPolicy previous = this.current;
		this.current = policy;
		return previous;
	}

	/**
	 * Go back to an earlier policy, unless another has been applied since.
	 * @param expected the policy that must still be applied
	 * @param previous the policy to go back to
	 */
	public synchronized void restore(PrivacyPolicy expected, PrivacyPolicy previous) {
		if (this.current == expected) {
			this.current = previous;
		}
	}

}
