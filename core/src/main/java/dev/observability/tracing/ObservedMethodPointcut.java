package dev.observability.tracing;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import io.micrometer.observation.annotation.Observed;

import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Matches the methods to observe: a method annotated with {@code @Observed}, or a public method
 * declared by a class annotated with it (the method's own annotation wins). Matching is plain
 * annotation lookup, cached by Spring's annotation scanner; no AspectJ expression is parsed or
 * evaluated against every bean at startup.
 */
public final class ObservedMethodPointcut extends StaticMethodMatcherPointcut {

	public ObservedMethodPointcut() {
		setClassFilter(ObservedMethodPointcut::isCandidate);
	}

	@Override
	public boolean matches(Method method, Class<?> targetClass) {
		Observed annotation = find(method, targetClass);
		if (annotation != null && annotation.lowCardinalityKeyValues().length % 2 != 0) {
			throw new IllegalStateException(
					"@Observed on %s.%s: lowCardinalityKeyValues must be key and value pairs, got %d strings".formatted(
							targetClass.getName(), method.getName(), annotation.lowCardinalityKeyValues().length));
		}
		return annotation != null;
	}

	private static boolean isCandidate(Class<?> type) {
		return AnnotationUtils.isCandidateClass(type, Observed.class);
	}

	/**
	 * The annotation that applies to a call of the method on an instance of the target class.
	 * @param method the method called, possibly declared by an interface
	 * @param targetClass the class of the target, or {@code null} when unknown
	 * @return the annotation, or {@code null} when the method is not observed
	 */
	static Observed find(Method method, Class<?> targetClass) {
		if (method.getDeclaringClass() == Object.class) {
			return null;
		}
		return findOn(AopUtils.getMostSpecificMethod(method, targetClass));
	}

	/**
	 * The annotation that applies to a method as its class declares it.
	 * @param specific the method, as declared by the target class or a superclass
	 * @return the annotation, or {@code null} when the method is not observed
	 */
	static Observed findOn(Method specific) {
		if (specific.getDeclaringClass() == Object.class) {
			return null;
		}
		Observed annotation = AnnotatedElementUtils.findMergedAnnotation(specific, Observed.class);
		if (annotation != null || !Modifier.isPublic(specific.getModifiers())) {
			return annotation;
		}
		return AnnotatedElementUtils.findMergedAnnotation(specific.getDeclaringClass(), Observed.class);
	}

}
