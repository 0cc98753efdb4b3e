package dev.observability;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core is shared by every Spring Boot line, so nothing in it may depend on a class of Spring
 * Boot, or of an adapter: such a class moves between Boot versions, and a core that named one would
 * break, or silently stop working, on the other line.
 */
class BootFreeCoreTests {

	private static final JavaClasses CORE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.observability");

	@Test
	void shouldImportTheCoreItself() {
		assertThat(CORE.containPackage("dev.observability.privacy")).isTrue();
		assertThat(CORE.stream().filter((javaClass) -> javaClass.getPackageName().startsWith("dev.observability.")))
			.hasSizeGreaterThan(50);
	}

	@Test
	void shouldNotDependOnSpringBoot() {
		ArchRule rule = noClasses().should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.boot..")
			.because("the core runs under every Spring Boot line; only an adapter may name Boot's classes");
		rule.check(CORE);
	}

	@Test
	void shouldNotDependOnAnAdapter() {
		ArchRule rule = noClasses().should()
			.dependOnClassesThat()
			.resideInAPackage("dev.observability.autoconfigure..")
			.because("adapters depend on the core, never the other way round");
		rule.check(CORE);
	}

}
