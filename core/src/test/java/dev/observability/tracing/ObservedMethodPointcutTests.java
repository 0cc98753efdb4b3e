package dev.observability.tracing;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.micrometer.observation.annotation.Observed;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ObservedMethodPointcutTests {

	/**
	 * A class for each place the annotation can be declared.
	 */
	private static final List<Class<?>> OBSERVED = List.of(OnMethod.class, OnInterfaceMethod.class,
			OnSuperclassMethod.class, OnClass.class, OnSuperclass.class, OnInterface.class, ComposedOnMethod.class,
			ComposedOnInterface.class, OnSuperinterfaceMethod.class);

	private final ObservedMethodPointcut pointcut = new ObservedMethodPointcut();

	@Test
	void shouldLetThroughEveryClassThatHasAnObservedMethodWhereverTheAnnotationIsDeclared() {
		for (Class<?> type : OBSERVED) {
			assertThat(observedMethods(type)).as("observed methods of %s", type.getSimpleName()).isNotEmpty();
			assertThat(this.pointcut.getClassFilter().matches(type)).as(type.getSimpleName()).isTrue();
			assertThat(AopUtils.canApply(this.pointcut, type)).as(type.getSimpleName()).isTrue();
		}
	}

	@Test
	void shouldObserveTheMethodsTheAnnotationNamesThroughItsOverridesAndMetaAnnotations() {
		assertThat(observedMethods(OnInterfaceMethod.class)).containsExactly("run");
		assertThat(observedMethods(OnSuperclassMethod.class)).containsExactly("run");
		assertThat(observedMethods(OnSuperinterfaceMethod.class)).containsExactly("run");
		assertThat(observedMethods(OnSuperclass.class)).contains("run", "stop");
		assertThat(observedMethods(ComposedOnMethod.class)).containsExactly("run");
		assertThat(ObservedMethodPointcut.find(method(ComposedOnMethod.class, "run"), ComposedOnMethod.class).name())
			.isEqualTo("composed");
		assertThat(observedMethods(ComposedOnInterface.class)).containsExactly("run");
	}

	@Test
	void shouldLeaveOutAClassWithoutTheAnnotationBeforeLookingAtItsMethods() {
		assertThat(this.pointcut.getClassFilter().matches(Plain.class)).isFalse();
		assertThat(this.pointcut.getClassFilter().matches(PlainSubclassOfPlain.class)).isFalse();
		assertThat(this.pointcut.getClassFilter().matches(OtherAnnotationOnly.class)).isFalse();
		assertThat(AopUtils.canApply(this.pointcut, Plain.class)).isFalse();
	}

	@Test
	void shouldNeverLeaveOutAClassWithAnObservedMethodAmongTheBeansOfARealContext() {
		Set<Class<?>> types = new LinkedHashSet<>();
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Beans.class)) {
			for (String name : context.getBeanDefinitionNames()) {
				Class<?> type = context.getType(name);
				if (type != null) {
					types.add(ClassUtils.getUserClass(type));
				}
			}
		}
		types.addAll(OBSERVED);
		types.addAll(List.of(Plain.class, PlainSubclassOfPlain.class, OtherAnnotationOnly.class, ArrayList.class,
				String.class));
		int letThrough = 0;
		for (Class<?> type : types) {
			boolean candidate = this.pointcut.getClassFilter().matches(type);
			if (!observedMethods(type).isEmpty()) {
				assertThat(candidate).as("%s has observed methods", type.getName()).isTrue();
			}
			letThrough += candidate ? 1 : 0;
		}
		assertThat(letThrough).as("classes let through").isEqualTo(OBSERVED.size());
	}

	@Test
	void shouldLeaveAClassItCannotReadToTheMethodLookupRatherThanThrow() throws Exception {
		ClassLoader missingDependency = new ClassLoader(getClass().getClassLoader()) {

			@Override
			protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
				if (name.equals(Dependency.class.getName())) {
					throw new ClassNotFoundException(name);
				}
				if (!name.equals(NeedsDependency.class.getName())) {
					return super.loadClass(name, resolve);
				}
				synchronized (getClassLoadingLock(name)) {
					Class<?> loaded = findLoadedClass(name);
					if (loaded == null) {
						String resource = name.replace('.', '/') + ".class";
						try (InputStream in = getParent().getResourceAsStream(resource)) {
							byte[] bytes = in.readAllBytes();
							loaded = defineClass(name, bytes, 0, bytes.length);
						}
						catch (IOException ex) {
							throw new ClassNotFoundException(name, ex);
						}
					}
					return loaded;
				}
			}

		};
		Class<?> unreadable = missingDependency.loadClass(NeedsDependency.class.getName());
		assertThat(unreadable).isNotSameAs(NeedsDependency.class);
		assertThat(unreadable.getClassLoader()).isSameAs(missingDependency);
		assertThatExceptionOfType(NoClassDefFoundError.class)
			.isThrownBy(unreadable::getDeclaredMethods);
		assertThat(this.pointcut.getClassFilter().matches(unreadable)).isTrue();
	}

	/**
	 * The methods the lookup alone finds observed, without the class filter: every method Spring's
	 * proxy creator asks about for that class.
	 */
	private static List<String> observedMethods(Class<?> type) {
		List<String> names = new ArrayList<>();
		Set<Class<?>> searched = new LinkedHashSet<>(ClassUtils.getAllInterfacesForClassAsSet(type));
		searched.add(type);
		for (Class<?> each : searched) {
			for (Method method : ReflectionUtils.getAllDeclaredMethods(each)) {
				if (ObservedMethodPointcut.find(method, type) != null && !names.contains(method.getName())) {
					names.add(method.getName());
				}
			}
		}
		return names;
	}

	private static Method method(Class<?> type, String name) {
		return ReflectionUtils.findMethod(type, name);
	}

	@Retention(RetentionPolicy.RUNTIME)
	@Target({ ElementType.METHOD, ElementType.TYPE })
	@Observed(name = "composed")
	@interface Tracked {

	}

	@Retention(RetentionPolicy.RUNTIME)
	@Target({ ElementType.METHOD, ElementType.TYPE })
	@interface Unrelated {

	}

	static class OnMethod {

		@Observed
		public void run() {
		}

	}

	interface Job {

		@Observed
		void run();

	}

	static class OnInterfaceMethod implements Job {

		@Override
		public void run() {
		}

	}

	interface NamedJob extends Job {

	}

	static class OnSuperinterfaceMethod implements NamedJob {

		@Override
		public void run() {
		}

	}

	static class Base {

		@Observed
		public void run() {
		}

	}

	static class OnSuperclassMethod extends Base {

		@Override
		public void run() {
		}

	}

	@Observed
	static class OnClass {

		public void run() {
		}

	}

	static class OnSuperclass extends OnClass {

		public void stop() {
		}

	}

	@Observed
	interface ObservedService {

		void run();

	}

	static class OnInterface implements ObservedService {

		@Override
		public void run() {
		}

	}

	static class ComposedOnMethod {

		@Tracked
		public void run() {
		}

	}

	@Tracked
	interface TrackedService {

		void run();

	}

	static class ComposedOnInterface implements TrackedService {

		@Override
		public void run() {
		}

	}

	static class Plain implements Runnable {

		@Override
		public void run() {
		}

	}

	static class PlainSubclassOfPlain extends Plain {

		@Override
		public void run() {
		}

	}

	@Unrelated
	static class OtherAnnotationOnly {

		@Unrelated
		public void run() {
		}

	}

	static class Dependency {

	}

	public static class NeedsDependency {

		public void take(Dependency dependency) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		OnInterfaceMethod job() {
			return new OnInterfaceMethod();
		}

		@Bean
		Plain plain() {
			return new Plain();
		}

	}

}
