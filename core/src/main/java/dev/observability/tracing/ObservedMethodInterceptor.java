package dev.observability.tracing;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import dev.observability.core.HookFailures;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.annotation.Observed;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodClassKey;
import org.springframework.util.ClassUtils;

/**
 * Observes a call of an {@code @Observed} method, with the names Micrometer's own aspect gives:
 * the annotation's name (default {@code method.observed}), its contextual name (default
 * {@code Class#method}), the low-cardinality keys {@code class} and {@code method} plus the
 * annotation's own. A method returning a {@link CompletionStage} is observed until the stage
 * completes. What a method's annotation resolves to is worked out once per method and target class.
 */
public final class ObservedMethodInterceptor implements MethodInterceptor {

	static final String DEFAULT_NAME = "method.observed";

	private final ObjectProvider<ObservationRegistry> registryProvider;

	private final ObjectProvider<HookFailures> failuresProvider;

	private volatile HookFailures failures;

	private final Map<MethodClassKey, ObservedMethod> methods = new ConcurrentHashMap<>();

	private volatile ObservationRegistry registry;

	/**
	 * Takes the registry lazily: advisors are created while bean post-processors are still being
	 * set up, and resolving the registry then would keep it from being post-processed.
	 */
	public ObservedMethodInterceptor(ObjectProvider<ObservationRegistry> registryProvider,
			ObjectProvider<HookFailures> failuresProvider) {
		this.registryProvider = registryProvider;
		this.failuresProvider = failuresProvider;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Observation observation;
		ObservedMethod observed;
		try {
			ObservationRegistry registry = registry();
			Class<?> targetClass = (invocation.getThis() != null) ? AopUtils.getTargetClass(invocation.getThis())
					: null;
			MethodClassKey key = new MethodClassKey(invocation.getMethod(), targetClass);
			ObservedMethod cached = this.methods.get(key);
			ObservedMethod resolved = (cached != null) ? cached : this.methods.computeIfAbsent(key,
					(missing) -> ObservedMethod.resolve(invocation.getMethod(), targetClass));
			observed = resolved;
			observation = (resolved == ObservedMethod.NONE || registry.isNoop()) ? null : Observation
				.createNotStarted(resolved.name, () -> new ObservedMethodContext(resolved.method, targetClass),
						registry)
				.contextualName(resolved.contextualName)
				.lowCardinalityKeyValues(resolved.keyValues);
		}
		catch (Throwable ex) {
			// Only what the starter does before the call is caught here; the method then runs unobserved.
			failures().failed(HookFailures.Part.OBSERVATION_HANDLER, ex);
			observation = null;
			observed = null;
		}
		if (observation == null) {
			return invocation.proceed();
		}
		if (observed.completes) {
			return observeUntilComplete(observation, invocation);
		}
		return observation.observeChecked(invocation::proceed);
	}

	private static Object observeUntilComplete(Observation observation, MethodInvocation invocation) throws Throwable {
		observation.start();
		try (Observation.Scope scope = observation.openScope()) {
			Object result = invocation.proceed();
			if (result == null) {
				observation.stop();
				return null;
			}
			// The stage is returned as it is: a stage of the method's own declared type.
			((CompletionStage<?>) result).whenComplete((value, error) -> {
				if (error != null) {
					observation.error((error instanceof CompletionException && error.getCause() != null)
							? error.getCause() : error);
				}
				observation.stop();
			});
			return result;
		}
		catch (Throwable ex) {
			observation.error(ex);
			observation.stop();
			throw ex;
		}
	}

	private HookFailures failures() {
		HookFailures failures = this.failures;
		if (failures == null) {
			failures = this.failuresProvider.getIfAvailable(HookFailures::logOnly);
			this.failures = failures;
		}
		return failures;
	}

	private ObservationRegistry registry() {
		ObservationRegistry registry = this.registry;
		if (registry == null) {
			registry = this.registryProvider.getIfAvailable(() -> ObservationRegistry.NOOP);
			this.registry = registry;
		}
		return registry;
	}

	/**
	 * What one method on one target class is observed as.
	 */
	private static final class ObservedMethod {

		static final ObservedMethod NONE = new ObservedMethod(null, null, null, KeyValues.empty(), false);

		final Method method;

		final String name;

		final String contextualName;

		final KeyValues keyValues;

		final boolean completes;

		private ObservedMethod(Method method, String name, String contextualName, KeyValues keyValues,
				boolean completes) {
			this.method = method;
			this.name = name;
			this.contextualName = contextualName;
			this.keyValues = keyValues;
			this.completes = completes;
		}

		static ObservedMethod resolve(Method method, Class<?> targetClass) {
			Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
			Observed annotation = ObservedMethodPointcut.findOn(specific);
			if (annotation == null) {
				return NONE;
			}
			String className = ClassUtils.getUserClass(specific.getDeclaringClass()).getSimpleName();
			String name = annotation.name().isEmpty() ? DEFAULT_NAME : annotation.name();
			String contextualName = annotation.contextualName().isEmpty() ? className + "#" + specific.getName()
					: annotation.contextualName();
			KeyValues keyValues = KeyValues.of("class", className, "method", specific.getName())
				.and(annotation.lowCardinalityKeyValues());
			return new ObservedMethod(specific, name, contextualName, keyValues,
					CompletionStage.class.isAssignableFrom(specific.getReturnType()));
		}

	}

}
