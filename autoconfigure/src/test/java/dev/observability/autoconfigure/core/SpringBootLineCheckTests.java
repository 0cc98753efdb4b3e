package dev.observability.autoconfigure.core;

import java.util.List;

import dev.observability.autoconfigure.TestLine;
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

	/**
	 * The artifact for the other line, spelled out here so that a wrong name in the adapter fails.
	 */
	private static final String OTHER_ARTIFACT = BootLine.BOOT_4
			? "dev.observability:observability-spring-boot-starter"
			: "dev.observability:observability-spring-boot-4-starter";

	private static final String OWN_VERSION = BootLine.BOOT_4 ? "4.1.2" : "3.5.16";

	private static final String OTHER_VERSION = BootLine.BOOT_4 ? "3.5.16" : "4.1.2";

	@Test
	void shouldStartOnItsOwnLine() {
		assertThatNoException().isThrownBy(() -> SpringBootLineCheck.check(OWN_VERSION, BootLine.BOOT_4));
	}

	@Test
	void shouldRefuseTheOtherLineNamingTheArtifactToUse() {
		assertThatExceptionOfType(WrongSpringBootLineException.class)
			.isThrownBy(() -> SpringBootLineCheck.check(OTHER_VERSION, !BootLine.BOOT_4))
			.satisfies((ex) -> {
				assertThat(ex.getBootVersion()).isEqualTo(OTHER_VERSION);
				assertThat(ex.getReplacement()).isEqualTo(OTHER_ARTIFACT);
				assertThat(ex.getMessage()).contains("built for Spring Boot " + TestLine.NAME);
			});
	}

	@Test
	void shouldRefuseTheOtherLineEvenWhenItsVersionIsUnknown() {
		assertThatExceptionOfType(WrongSpringBootLineException.class)
			.isThrownBy(() -> SpringBootLineCheck.check(null, !BootLine.BOOT_4));
	}

	@Test
	void shouldRunFirstOfTheStartersEnvironmentPostProcessors() {
		// Boot 4.0 and 4.1 still read the post-processors under Boot 3's interface.
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
				new WrongSpringBootLineException(OTHER_VERSION, BootLine.ARTIFACT, BootLine.OTHER_ARTIFACT)));
		assertThat(analysis.getDescription()).contains("Spring Boot " + OTHER_VERSION);
		assertThat(analysis.getAction()).contains(OTHER_ARTIFACT);
	}

}
