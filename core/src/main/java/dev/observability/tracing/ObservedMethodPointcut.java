package dev.observability.tracing;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.micrometer.observation.annotation.Observed;

import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.ConcurrentReferenceHashMap;

/**
 * Matches the methods to observe: a method annotated with {@code @Observed}, or a public method
 * declared by a class annotated with it (the method's own annotation wins). Matching is plain
 * annotation lookup, cached by Spring's annotation scanner; no AspectJ expression is parsed or
 * evaluated against every bean at startup.
 * <p>
 * Spring asks a pointcut about every method of every bean. Before any of a class's methods is
 * looked up, the class filter reads the annotations its hierarchy declares (the class, its
 * superclasses and interfaces, and the methods each declares) and lets through only a class where
 * {@code @Observed} is present or meta-present somewhere: most beans are the framework's, and
 * looking up each of their methods through its overrides was the larger part of this pointcut's
 * cost at startup.
 */
public final class ObservedMethodPointcut extends StaticMethodMatcherPointcut {

	// Soft references, as Spring's own annotation caches keep: a class generated at run time can
	// still be unloaded.
	private final Map<Class<?>, Boolean> candidates = new ConcurrentReferenceHashMap<>();

	private final Map<Class<?>, Boolean> observedAnnotations = new ConcurrentReferenceHashMap<>();

	public ObservedMethodPointcut() {
		setClassFilter(this::isCandidate);
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

	private boolean isCandidate(Class<?> type) {
		return AnnotationUtils.isCandidateClass(type, Observed.class)
				&& this.candidates.computeIfAbsent(type, this::mentionsObserved);
	}

	/**
	 * Whether {@code @Observed} appears anywhere the method lookup could find it for an instance of
	 * the type: a superset of what {@link #find} searches, so a class left out has no observed
	 * method.
	 */
	private boolean mentionsObserved(Class<?> type) {
		try {
			Set<Class<?>> seen = new HashSet<>();
			for (Class<?> current = type; current != null && current != Object.class; current = current
				.getSuperclass()) {
				if (declaresObserved(current, seen)) {
					return true;
				}
			}
			return false;
		}
		catch (RuntimeException | LinkageError ex) {
			// A class whose annotations or methods cannot be read here: its methods are matched
			// one by one, as if there were no filter.
			return true;
		}
	}

	private boolean declaresObserved(Class<?> type, Set<Class<?>> seen) {
		if (!seen.add(type)) {
			return false;
		}
		if (anyObserved(type.getDeclaredAnnotations())) {
			return true;
		}
		for (Method method : type.getDeclaredMethods()) {
			if (anyObserved(method.getDeclaredAnnotations())) {
				return true;
			}
		}
		for (Class<?> implemented : type.getInterfaces()) {
			if (declaresObserved(implemented, seen)) {
				return true;
			}
		}
		return false;
	}

	private boolean anyObserved(Annotation[] annotations) {
		for (Annotation annotation : annotations) {
			if (this.observedAnnotations.computeIfAbsent(annotation.annotationType(),
					ObservedMethodPointcut::isObserved)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isObserved(Class<?> annotationType) {
		return annotationType == Observed.class || MergedAnnotations.from(annotationType).isPresent(Observed.class);
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
