package dev.observability.autoconfigure.core;

import org.springframework.util.ClassUtils;

/**
 * Whether AspectJ is on the class path. The starter does not bring it (matching every method of
 * every bean against aspect expressions costs startup time, and the starter's own advisors need
 * none), so the aspects of Spring Boot ({@code @Timed}, {@code @Counted}, {@code @NewSpan}) and of
 * Sentry ({@code @SentrySpan}, {@code @SentryTransaction}, {@code @SentryCheckIn}) are active only
 * when the application adds it; the startup summary says so when it matters.
 */
public final class AspectJ {

	private static final String JOIN_POINT = "org.aspectj.lang.ProceedingJoinPoint";

	private AspectJ() {
	}

	/**
	 * Whether AspectJ can be loaded.
	 * @param classLoader the application's class loader
	 * @return {@code true} when AspectJ is on the class path
	 */
	public static boolean isPresent(ClassLoader classLoader) {
		return ClassUtils.isPresent(JOIN_POINT, classLoader);
	}

}
