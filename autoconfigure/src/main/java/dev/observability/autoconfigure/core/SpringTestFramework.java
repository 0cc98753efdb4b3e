package dev.observability.autoconfigure.core;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Whether the application was started by the Spring test framework ({@code @SpringBootTest},
 * {@code @WebMvcTest}, ...), where an existing test suite must not see the starter change what it
 * reads: the console stays synchronous, and nothing warns in every test context.
 */
public final class SpringTestFramework {

	/**
	 * The property source the Spring test framework adds for every test context's inlined properties.
	 */
	private static final String INLINED_TEST_PROPERTIES = "Inlined Test Properties";

	private SpringTestFramework() {
	}

	/**
	 * Whether the Spring test framework started the application of this environment.
	 * @param environment the application's environment
	 * @return whether it is a test context
	 */
	public static boolean started(Environment environment) {
		return environment instanceof ConfigurableEnvironment configurable
				&& configurable.getPropertySources().contains(INLINED_TEST_PROPERTIES);
	}

}
