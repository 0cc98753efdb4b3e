package dev.observability.sentry;

import java.util.Set;

import io.sentry.SentryEvent;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Tells whether an error event was caused by the client rather than the service: a 4xx
 * {@code ErrorResponse} or {@code @ResponseStatus}, a validation or unreadable-body failure, a
 * rejected authentication, or a client that went away.
 */
public final class ClientErrorClassifier {

	private static final boolean SPRING_WEB_PRESENT = ClassUtils.isPresent("org.springframework.web.ErrorResponse",
			ClientErrorClassifier.class.getClassLoader());

	private static final Set<String> CLIENT_ERROR_TYPES = Set.of("org.apache.catalina.connector.ClientAbortException",
			"org.springframework.web.context.request.async.AsyncRequestNotUsableException",
			"org.springframework.http.converter.HttpMessageNotReadableException",
			"org.springframework.web.bind.MissingServletRequestParameterException",
			"org.springframework.web.method.annotation.MethodArgumentTypeMismatchException",
			"org.springframework.web.HttpMediaTypeNotSupportedException",
			"org.springframework.web.HttpRequestMethodNotSupportedException",
			"org.springframework.web.servlet.resource.NoResourceFoundException",
			"org.springframework.web.servlet.NoHandlerFoundException",
			"org.springframework.security.access.AccessDeniedException",
			"org.springframework.security.core.AuthenticationException",
			"jakarta.validation.ConstraintViolationException",
			"org.springframework.web.bind.MethodArgumentNotValidException",
			"org.springframework.validation.BindException");

	boolean isClientError(SentryEvent event) {
		Throwable throwable = event.getThrowable();
		int depth = 0;
		while (throwable != null && depth++ < 10) {
			if (isClientError(throwable)) {
				return true;
			}
			throwable = (throwable.getCause() != throwable) ? throwable.getCause() : null;
		}
		return false;
	}

	private static boolean isClientError(Throwable throwable) {
		for (Class<?> type = throwable.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
			if (CLIENT_ERROR_TYPES.contains(type.getName())) {
				return true;
			}
		}
		if (SPRING_WEB_PRESENT && SpringWeb.status(throwable) >= 400 && SpringWeb.status(throwable) < 500) {
			return true;
		}
		return false;
	}

	/**
	 * Kept apart so that spring-web types load only when present.
	 */
	private static final class SpringWeb {

		static int status(Throwable throwable) {
			if (throwable instanceof ErrorResponse response) {
				return response.getStatusCode().value();
			}
			ResponseStatus status = AnnotatedElementUtils.findMergedAnnotation(throwable.getClass(),
					ResponseStatus.class);
			return (status != null) ? status.code().value() : 0;
		}

	}

}
