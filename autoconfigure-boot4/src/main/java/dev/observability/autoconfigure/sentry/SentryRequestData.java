package dev.observability.autoconfigure.sentry;

import dev.observability.sentry.SentryRequestFilter;
import io.sentry.SentryEvent;
import io.sentry.spring7.SentryRequestResolver;
import io.sentry.spring7.tracing.TransactionNameProvider;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.BeanFactory;

/**
 * A request's data on a Sentry event, as Sentry's own integration for Spring Framework 7 resolves it:
 * method, URL, query, headers and cookies as Sentry's options allow, and the transaction name.
 */
final class SentryRequestData implements SentryRequestFilter.RequestDescriber {

	private final SentryRequestResolver resolver;

	private final TransactionNameProvider transactionNames;

	private SentryRequestData(SentryRequestResolver resolver, TransactionNameProvider transactionNames) {
		this.resolver = resolver;
		this.transactionNames = transactionNames;
	}

	/**
	 * The describer made of the resolvers that Sentry's auto-configuration defines.
	 * @param beans the application's beans
	 * @return the describer
	 */
	static SentryRequestFilter.RequestDescriber of(BeanFactory beans) {
		return new SentryRequestData(beans.getBean(SentryRequestResolver.class),
				beans.getBean(TransactionNameProvider.class));
	}

	@Override
	public void describe(SentryEvent event, HttpServletRequest request) {
		if (event.getRequest() == null) {
			event.setRequest(this.resolver.resolveSentryRequest(request));
		}
		if (event.getTransaction() == null) {
			event.setTransaction(this.transactionNames.provideTransactionName(request));
		}
	}

}
