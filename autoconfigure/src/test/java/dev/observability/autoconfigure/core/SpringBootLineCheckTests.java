package dev.observability.autoconfigure.core;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class SpringBootLineCheckTests {

	/**
	 * Spring Boot's own entries need constructor arguments that only a running application gives.
	 */
	private static final SpringFactoriesLoader.FailureHandler IGNORE_OTHERS = SpringFactoriesLoader.FailureHandler
		.handleMessage((message, failure) -> {
		});

	@Test
	void shouldStartOnSpringBoot35() {
		assertThatNoException().isThrownBy(() -> SpringBootLineCheck.check("3.5.16", false));
	}

	@Test
	void shouldRefuseSpringBoot4NamingTheArtifactToUse() {
		assertThatExceptionOfType(WrongSpringBootLineException.class)
			.isThrownBy(() -> SpringBootLineCheck.check("4.1.2", false))
			.satisfies((ex) -> {
				assertThat(ex.getBootVersion()).isEqualTo("4.1.2");
				assertThat(ex.getReplacement()).isEqualTo("dev.observability:observability-spring-boot-4-starter");
			});
	}

	@Test
	void shouldRefuseSpringBoot4EvenWhenItsVersionIsUnknown() {
		assertThatExceptionOfType(WrongSpringBootLineException.class)
			.isThrownBy(() -> SpringBootLineCheck.check(null, true));
	}

	@Test
	void shouldRunFirstOfTheStartersEnvironmentPostProcessors() {
		List<EnvironmentPostProcessor> processors = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(EnvironmentPostProcessor.class, null, IGNORE_OTHERS);
		assertThat(processors).filteredOn(SpringBootLineCheck.class::isInstance).hasSize(1);
		assertThat(new SpringBootLineCheck().getOrder())
			.isLessThan(new ObservabilityDefaultsEnvironmentPostProcessor().getOrder());
	}

	@Test
	void shouldExplainTheFailureWithTheArtifactToUse() {
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, null, IGNORE_OTHERS);
		FailureAnalyzer analyzer = analyzers.stream()
			.filter(WrongSpringBootLineFailureAnalyzer.class::isInstance)
			.findFirst()
			.orElseThrow();
		FailureAnalysis analysis = analyzer.analyze(new IllegalStateException("wrapped",
				new WrongSpringBootLineException("4.0.7", SpringBootLineCheck.ARTIFACT,
						SpringBootLineCheck.BOOT_4_ARTIFACT)));
		assertThat(analysis.getDescription()).contains("Spring Boot 4.0.7");
		assertThat(analysis.getAction()).contains("observability-spring-boot-4-starter");
	}

}
