package dev.observability.benchmarks.http;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application every HTTP benchmark variant runs; the variants differ only in their classpath
 * and in the properties {@code run.sh} passes.
 */
@SpringBootApplication
public class BenchApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(BenchApplication.class);
		StartupSteps steps = StartupSteps.recordIfAsked(application);
		application.run(args);
		if (steps != null) {
			steps.write();
		}
	}

}
