package dev.observability.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import dev.observability.privacy.PrivacyPolicy;

/**
 * An exception as an appender sees it once the privacy policy has run: its message, and those of its
 * causes and suppressed exceptions, masked; class names and frames as they were.
 */
public final class MaskedThrowableProxy implements IThrowableProxy {

	private final IThrowableProxy proxy;

	private final PrivacyPolicy policy;

	private final int depth;

	private MaskedThrowableProxy(IThrowableProxy proxy, PrivacyPolicy policy, int depth) {
		this.proxy = proxy;
		this.policy = policy;
		this.depth = depth;
	}

	static IThrowableProxy of(IThrowableProxy proxy, PrivacyPolicy policy) {
		return of(proxy, policy, 0);
	}

	/**
	 * Causes and suppressed exceptions are wrapped as they are read; a chain deeper than logback
	 * prints (a cycle) ends where the original's does.
	 */
	private static IThrowableProxy of(IThrowableProxy proxy, PrivacyPolicy policy, int depth) {
		return (proxy != null) ? new MaskedThrowableProxy(proxy, policy, depth) : null;
	}

	@Override
	public String getMessage() {
		String message = this.proxy.getMessage();
		return (message != null) ? this.policy.mask(message) : null;
	}

	@Override
	public String getOverridingMessage() {
		String message = this.proxy.getOverridingMessage();
		return (message != null) ? this.policy.mask(message) : null;
	}

	@Override
	public String getClassName() {
		return this.proxy.getClassName();
	}

	@Override
	public StackTraceElementProxy[] getStackTraceElementProxyArray() {
		return this.proxy.getStackTraceElementProxyArray();
	}

	@Override
	public int getCommonFrames() {
		return this.proxy.getCommonFrames();
	}

	@Override
	public IThrowableProxy getCause() {
		return (this.depth < 64) ? of(this.proxy.getCause(), this.policy, this.depth + 1) : null;
	}

	@Override
	public IThrowableProxy[] getSuppressed() {
		IThrowableProxy[] suppressed = this.proxy.getSuppressed();
		if (suppressed == null || suppressed.length == 0 || this.depth >= 64) {
			return suppressed;
		}
		IThrowableProxy[] masked = new IThrowableProxy[suppressed.length];
		for (int i = 0; i < suppressed.length; i++) {
			masked[i] = of(suppressed[i], this.policy, this.depth + 1);
		}
		return masked;
	}

	@Override
	public boolean isCyclic() {
		return this.proxy.isCyclic();
	}

}
