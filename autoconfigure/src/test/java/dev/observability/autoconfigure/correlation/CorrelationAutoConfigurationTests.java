package dev.observability.autoconfigure.correlation;

import java.util.ArrayList;
import java.util.List;

import dev.observability.autoconfigure.TestLine;
import dev.observability.autoconfigure.privacy.PrivacyAutoConfiguration;
import dev.observability.correlation.CorrelationTaskDecorator;
import dev.observability.correlation.RequestIdClientHttpRequestInterceptor;
import dev.observability.correlation.RequestIdFilter;
import dev.observability.correlation.RequestIdGenerator;
import dev.observability.correlation.UserContext;
import dev.observability.correlation.UserContextResolver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(PrivacyAutoConfiguration.class, CorrelationAutoConfiguration.class));

	@Test
	void shouldRegisterTheRequestIdFilterFirst() {
		this.runner.run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("requestIdFilter", FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(RequestIdFilter.class);
			assertThat(registration.getOrder()).isEqualTo(Integer.MIN_VALUE);
			assertThat(context).hasSingleBean(RequestIdGenerator.class);
		});
	}

	@Test
	void shouldTurnRequestIdsOffWithItsSwitch() {
		this.runner.withPropertyValues("observability.request-id.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean("requestIdFilter");
			assertThat(context).doesNotHaveBean(RequestIdGenerator.class);
			assertThat(context).doesNotHaveBean(TaskDecorator.class);
			assertThat(context).doesNotHaveBean(TestLine.REST_CLIENT_CUSTOMIZER);
		});
	}

	@Test
	void shouldTurnEverythingOffWithTheRootSwitch() {
		this.runner.withPropertyValues("observability.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RequestIdProperties.class);
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
			assertThat(context).doesNotHaveBean(UserContextResolver.class);
		});
	}

	@Test
	void shouldNotRegisterFiltersOutsideAServletApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PrivacyAutoConfiguration.class, CorrelationAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
				assertThat(context).hasSingleBean(CorrelationTaskDecorator.class);
			});
	}

	@Test
	void shouldBackOffWhenTheApplicationDefinesItsOwnGenerator() {
		this.runner.withBean(RequestIdGenerator.class, () -> () -> "mine").run((context) -> {
			assertThat(context).hasSingleBean(RequestIdGenerator.class);
			assertThat(context.getBean(RequestIdGenerator.class).generate()).isEqualTo("mine");
		});
	}

	@Test
	void shouldBackOffWhenTheApplicationRegistersItsOwnRequestIdFilter() {
		this.runner
			.withBean("myFilter", RequestIdFilter.class,
					() -> new RequestIdFilter("X-Id", List.of("X-Id"), 10, RequestIdGenerator.random()))
			.run((context) -> assertThat(context).doesNotHaveBean("requestIdFilter"));
	}

	@Test
	void shouldBackOffWhenTheApplicationDefinesATaskDecorator() {
		this.runner.withBean(TaskDecorator.class, () -> (runnable) -> runnable)
			.run((context) -> assertThat(context).doesNotHaveBean(CorrelationTaskDecorator.class));
	}

	@Test
	void shouldTurnTaskPropagationOffWithItsSwitch() {
		this.runner.withPropertyValues("observability.request-id.propagation.tasks=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TaskDecorator.class));
	}

	@Test
	void shouldCustomizeEveryBootHttpClientBuilder() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TestLine.REST_CLIENT_CUSTOMIZER);
			assertThat(context).hasSingleBean(TestLine.REST_TEMPLATE_CUSTOMIZER);
			assertThat(context).hasSingleBean(TestLine.WEB_CLIENT_CUSTOMIZER);
			RestTemplate restTemplate = new RestTemplate();
			TestLine.customizeRestTemplate(context, restTemplate);
			assertThat(restTemplate.getInterceptors()).hasOnlyElementsOfType(RequestIdClientHttpRequestInterceptor.class);
		});
	}

	@Test
	void shouldTurnHttpClientPropagationOffWithItsSwitch() {
		this.runner.withPropertyValues("observability.request-id.propagation.http-clients=false").run((context) -> {
			assertThat(context).doesNotHaveBean(TestLine.REST_CLIENT_CUSTOMIZER);
			assertThat(context).doesNotHaveBean(TestLine.WEB_CLIENT_CUSTOMIZER);
		});
	}

	@Test
	void shouldRegisterTheUserContextFilterRightAfterSpringSecurity() {
		this.runner.withPropertyValues("spring.security.filter.order=-50").run((context) -> {
			assertThat(context).hasSingleBean(UserContextResolver.class);
			FilterRegistrationBean<?> registration = context.getBean("userContextFilter", FilterRegistrationBean.class);
			assertThat(registration.getOrder()).isEqualTo(-49);
		});
	}

	@Test
	void shouldSkipTheDefaultUserContextWithoutSpringSecurity() {
		this.runner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(UserContextResolver.class);
			assertThat(context).doesNotHaveBean("userContextFilter");
		});
	}

	@Test
	void shouldUseTheApplicationsResolverEvenWithoutSpringSecurity() {
		this.runner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
			.withBean(UserContextResolver.class, () -> (request) -> new UserContext("from-header", null, null))
			.run((context) -> assertThat(context).hasBean("userContextFilter"));
	}

	@Test
	void shouldTurnUserContextOffWithItsSwitch() {
		this.runner.withPropertyValues("observability.user-context.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("userContextFilter"));
	}

	@Test
	void shouldFailStartupNamingAnInvalidMaximumLength() {
		this.runner.withPropertyValues("observability.request-id.max-length=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(rootCause(context.getStartupFailure()))
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("observability.request-id.max-length"));
		});
	}

	@Test
	void shouldFailStartupNamingAnInvalidHeaderName() {
		this.runner.withPropertyValues("observability.request-id.header=X Bad:Header").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(rootCause(context.getStartupFailure())).hasMessageContaining("observability.request-id.header");
		});
	}

	private static Throwable rootCause(Throwable failure) {
		List<Throwable> chain = new ArrayList<>();
		Throwable current = failure;
		while (current != null && !chain.contains(current)) {
			chain.add(current);
			current = current.getCause();
		}
		return chain.get(chain.size() - 1);
	}

}
