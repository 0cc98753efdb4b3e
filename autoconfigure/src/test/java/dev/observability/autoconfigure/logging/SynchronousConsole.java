package dev.observability.autoconfigure.logging;

import dev.observability.logging.AsyncConsoleInstaller;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes the console synchronous again before each test, for tests that read a line right after
 * the code under test logged it. An application started earlier in the same JVM may have left the
 * asynchronous console in place; an application started by the test puts it back.
 */
public class SynchronousConsole implements BeforeEachCallback {

	@Override
	public void beforeEach(ExtensionContext context) {
		AsyncConsoleInstaller.apply(0);
	}

}
