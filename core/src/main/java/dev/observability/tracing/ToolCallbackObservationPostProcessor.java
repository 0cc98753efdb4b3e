package dev.observability.tracing;

import java.util.Arrays;

import dev.observability.core.HookFailures;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps the application's {@link ToolCallback} and {@link ToolCallbackProvider} beans so that
 * every tool call is observed as {@code mcp.command}, with no annotation in the application.
 * Spring AI's MCP server builds its tools from these beans after this wrapping.
 */
public final class ToolCallbackObservationPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<ObservationRegistry> registry;

	private final ObjectProvider<HookFailures> failures;

	public ToolCallbackObservationPostProcessor(ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<HookFailures> failures) {
		this.registry = registry;
		this.failures = failures;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ToolCallback callback && !(callback instanceof ObservedToolCallback)) {
			return wrap(callback);
		}
		if (bean instanceof ToolCallbackProvider provider && !(bean instanceof ObservedProvider)) {
			return new ObservedProvider(provider);
		}
		return bean;
	}

	private ToolCallback wrap(ToolCallback callback) {
		return (callback instanceof ObservedToolCallback) ? callback
				: new ObservedToolCallback(callback, this.registry.getIfAvailable(() -> ObservationRegistry.NOOP),
						this.failures.getIfAvailable(HookFailures::logOnly));
	}

	/**
	 * Wraps a provider's callbacks once, when they are first asked for.
	 */
	private final class ObservedProvider implements ToolCallbackProvider {

		private final ToolCallbackProvider delegate;

		private volatile ToolCallback[] callbacks;

		ObservedProvider(ToolCallbackProvider delegate) {
			this.delegate = delegate;
		}

		@Override
		public ToolCallback[] getToolCallbacks() {
			ToolCallback[] wrapped = this.callbacks;
			if (wrapped == null) {
				wrapped = Arrays.stream(this.delegate.getToolCallbacks()).map((callback) -> wrap(callback))
					.toArray(ToolCallback[]::new);
				this.callbacks = wrapped;
			}
			return wrapped.clone();
		}

	}

}
