package dev.observability.tracing;

import java.lang.reflect.Method;

import io.micrometer.observation.Observation;

/**
 * The context of an observation of an {@code @Observed} method: which method of which class was
 * called, for an application's own {@code ObservationPredicate}, filter or convention.
 */
public final class ObservedMethodContext extends Observation.Context {

	private final Method method;

	private final Class<?> targetClass;

	ObservedMethodContext(Method method, Class<?> targetClass) {
		this.method = method;
		this.targetClass = targetClass;
	}

	/**
	 * The method that was called, as declared by the target class.
	 * @return the method
	 */
	public Method getMethod() {
		return this.method;
	}

	/**
	 * The class of the object whose method was called (not a proxy class).
	 * @return the target class
	 */
	public Class<?> getTargetClass() {
		return this.targetClass;
	}

}
