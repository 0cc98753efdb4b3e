package dev.observability.logging;

import ch.qos.logback.classic.LoggerContext;
import dev.observability.privacy.PrivacyPolicy;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Hands the application context's privacy policy to the log channels once every singleton is
 * created, and gives them back the one they had when the context closes.
 */
public final class LogPolicyHandover implements SmartInitializingSingleton, DisposableBean {

	private final ObjectProvider<PrivacyPolicy> policy;

	private LogPolicy logPolicy;

	private PrivacyPolicy handedOver;

	private PrivacyPolicy previous;

	public LogPolicyHandover(ObjectProvider<PrivacyPolicy> policy) {
		this.policy = policy;
	}

	@Override
	public void afterSingletonsInstantiated() {
		PrivacyPolicy contextPolicy = this.policy.getIfUnique();
		if (contextPolicy == null || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return;
		}
		this.logPolicy = LogPolicy.in(context, () -> contextPolicy);
		this.handedOver = contextPolicy;
		this.previous = this.logPolicy.use(contextPolicy);
	}

	@Override
	public void destroy() {
		if (this.logPolicy != null) {
			this.logPolicy.restore(this.handedOver, this.previous);
		}
	}

}
