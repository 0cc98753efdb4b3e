package dev.observability.autoconfigure.correlation;

import dev.observability.autoconfigure.privacy.PrivacyAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Request correlation: a request id on every request (MDC, response header), the authenticated
 * user's context in the MDC, and both carried to {@code @Async} and {@code @Scheduled} tasks and to
 * outgoing HTTP calls.
 * <p>
 * Active unless {@code observability.enabled=false}; the request id has its own switch
 * ({@code observability.request-id.enabled}), and so has the user context
 * ({@code observability.user-context.enabled}). The filters need a servlet web application; the
 * default user context needs Spring Security. Every bean backs off when the application defines its
 * own: a {@link RequestIdGenerator}, a {@link UserContextResolver}, a {@code TaskDecorator} (then
 * compose {@link CorrelationTaskDecorator} into it), or a filter of the same type.
 */
@AutoConfiguration(after = PrivacyAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ RequestIdProperties.class, UserContextProperties.class })
@Import({ CorrelationConfigurations.RequestIdConfiguration.class,
		CorrelationConfigurations.ServletRequestIdConfiguration.class,
		CorrelationConfigurations.TaskPropagationConfiguration.class,
		HttpClientPropagationConfiguration.class,
		CorrelationConfigurations.UserContextConfiguration.class })
public class CorrelationAutoConfiguration {

}
