package dev.observability.autoconfigure.tracing;

import java.util.concurrent.CompletableFuture;

import dev.observability.autoconfigure.TestLine;
import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.tracing.ObservedMethodContext;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.ObservedAspect;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ObservedAnnotationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, TestLine.OBSERVATION_AUTO_CONFIGURATION,
				ObservedAnnotationAutoConfiguration.class))
		.withBean(ObservationRegistry.class, TestObservationRegistry::create)
		.withBean(SyncJob.class)
		.withBean(Inventory.class);

	@Test
	void shouldObserveAnAnnotatedMethodWithMicrometersNames() {
		this.runner.run((context) -> {
			context.getBean(SyncJob.class).run("github");
			TestObservationRegistryAssert.assertThat(registry(context))
				.hasNumberOfObservationsEqualTo(1)
				.hasObservationWithNameEqualTo("sync.run")
				.that()
				.hasContextualNameEqualTo("SyncJob#run")
				.hasLowCardinalityKeyValue("class", "SyncJob")
				.hasLowCardinalityKeyValue("method", "run")
				.hasLowCardinalityKeyValue("trigger", "schedule")
				.hasBeenStarted()
				.hasBeenStopped()
				.doesNotHaveError()
				.satisfies((observed) -> assertThat(observed).isInstanceOf(ObservedMethodContext.class)
					.extracting((c) -> ((ObservedMethodContext) c).getTargetClass())
					.isEqualTo(SyncJob.class));
		});
	}

	@Test
	void shouldLeaveMethodsWithoutTheAnnotationAlone() {
		this.runner.run((context) -> {
			SyncJob job = context.getBean(SyncJob.class);
			job.describe();
			job.toString();
			TestObservationRegistryAssert.assertThat(registry(context)).doesNotHaveAnyObservation();
		});
	}

	@Test
	void shouldObserveThePublicMethodsOfAnAnnotatedClassUnlessTheMethodSaysOtherwise() {
		this.runner.run((context) -> {
			Inventory inventory = context.getBean(Inventory.class);
			inventory.count();
			inventory.restock();
			inventory.hashCode();
			TestObservationRegistryAssert.assertThat(registry(context))
				.hasNumberOfObservationsEqualTo(2)
				.hasObservationWithNameEqualTo("method.observed")
				.that()
				.hasContextualNameEqualTo("inventory count")
				.hasLowCardinalityKeyValue("method", "count");
			TestObservationRegistryAssert.assertThat(registry(context))
				.hasObservationWithNameEqualTo("inventory.restock")
				.that()
				.hasContextualNameEqualTo("Inventory#restock");
		});
	}

	@Test
	void shouldRecordTheErrorAndRethrowIt() {
		this.runner.run((context) -> {
			assertThatIllegalStateException().isThrownBy(() -> context.getBean(SyncJob.class).fail())
				.withMessage("upstream down");
			TestObservationRegistryAssert.assertThat(registry(context))
				.hasObservationWithNameEqualTo("sync.run")
				.that()
				.hasBeenStopped()
				.assertThatError()
				.hasMessage("upstream down");
		});
	}

	@Test
	void shouldObserveACompletionStageUntilItCompletes() {
		this.runner.run((context) -> {
			CompletableFuture<String> pending = new CompletableFuture<>();
			CompletableFuture<String> returned = context.getBean(SyncJob.class).later(pending);
			assertThat(returned).isSameAs(pending);
			TestObservationRegistryAssert.assertThat(registry(context))
				.hasObservationWithNameEqualTo("sync.later")
				.that()
				.hasBeenStarted()
				.isNotStopped();
			pending.completeExceptionally(new IllegalStateException("timed out"));
			TestObservationRegistryAssert.assertThat(registry(context))
				.hasObservationWithNameEqualTo("sync.later")
				.that()
				.hasBeenStopped()
				.assertThatError()
				.hasMessage("timed out");
		});
	}

	@Test
	void shouldObserveWithoutAspectJ() {
		this.runner.withClassLoader(new FilteredClassLoader("org.aspectj")).run((context) -> {
			assertThat(context).hasSingleBean(Advisor.class);
			context.getBean(SyncJob.class).run("github");
			TestObservationRegistryAssert.assertThat(registry(context)).hasObservationWithNameEqualTo("sync.run");
		});
	}

	@Test
	void shouldSayThatSpringBootsAspectsNeedAspectJWhenAskedForWithoutIt() {
		this.runner.withClassLoader(new FilteredClassLoader("org.aspectj"))
			.withPropertyValues("management.observations.annotations.enabled=true")
			.run((context) -> {
				assertThat(context.getBean("observedFeature", ObservabilityFeature.class).status())
					.startsWith("on (management.observations.annotations.enabled has no effect without AspectJ");
				context.getBean(SyncJob.class).run("github");
				TestObservationRegistryAssert.assertThat(registry(context)).hasObservationWithNameEqualTo("sync.run");
			});
		this.runner.run((context) -> assertThat(context.getBean("observedFeature", ObservabilityFeature.class).status())
			.isEqualTo("on"));
	}

	@Test
	void shouldLeaveObservedToSpringBootsAspectWhenTheApplicationSwitchedItOn() {
		this.runner.withPropertyValues("management.observations.annotations.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(ObservedAspect.class).doesNotHaveBean(ObservedAnnotationProperties.class);
			context.getBean(SyncJob.class).run("github");
			TestObservationRegistryAssert.assertThat(registry(context))
				.hasNumberOfObservationsEqualTo(1)
				.hasObservationWithNameEqualTo("sync.run");
		});
	}

	@Test
	void shouldObserveNothingWhenSwitchedOff() {
		this.runner.withPropertyValues("observability.observed.enabled=false").run((context) -> {
			assertThat(AopUtils.isAopProxy(context.getBean(SyncJob.class))).isFalse();
			context.getBean(SyncJob.class).run("github");
			TestObservationRegistryAssert.assertThat(registry(context)).doesNotHaveAnyObservation();
		});
	}

	@Test
	void shouldFailStartupNamingTheMethodWhenKeyValuesAreNotPairs() {
		this.runner.withBean(OddKeys.class).run((context) -> assertThat(context).getFailure()
			.rootCause()
			.hasMessageContaining("OddKeys.run")
			.hasMessageContaining("key and value pairs"));
	}

	private static TestObservationRegistry registry(AssertableApplicationContext context) {
		return (TestObservationRegistry) context.getBean(ObservationRegistry.class);
	}

	// Public: with a filtered class loader the CGLIB proxies are defined in another loader.
	public static class SyncJob {

		@Observed(name = "sync.run", lowCardinalityKeyValues = { "trigger", "schedule" })
		public String run(String source) {
			return "synced " + source;
		}

		@Observed(name = "sync.run")
		public void fail() {
			throw new IllegalStateException("upstream down");
		}

		@Observed(name = "sync.later")
		public CompletableFuture<String> later(CompletableFuture<String> pending) {
			return pending;
		}

		public String describe() {
			return "sync job";
		}

	}

	@Observed(contextualName = "inventory count")
	public static class Inventory {

		public int count() {
			return 42;
		}

		@Observed(name = "inventory.restock")
		public void restock() {
		}

	}

	public static class OddKeys {

		@Observed(name = "odd", lowCardinalityKeyValues = { "lonely" })
		public void run() {
		}

	}

}
