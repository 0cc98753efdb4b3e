package dev.observability.autoconfigure.core;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Refuses to start on a Spring Boot line this adapter is not built for ({@link BootLine}), before
 * any of its auto-configurations is read: on the other line they would name classes that moved, and
 * part of the starter would silently stay off (Sentry without scrubbing, a scrape without
 * protection). The failure names the artifact to use instead.
 */
public class SpringBootLineCheck implements EnvironmentPostProcessor, Ordered {

	/**
	 * A class that Spring Boot 4 added: found even when a repackaged application has lost the
	 * version in its manifest.
	 */
	private static final String BOOT_4_CLASS = "org.springframework.boot.EnvironmentPostProcessor";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		check(SpringBootVersion.getVersion(), ClassUtils.isPresent(BOOT_4_CLASS, application.getClassLoader()));
	}

	/**
	 * Check the Spring Boot line.
	 * @param version Spring Boot's version, {@code null} when unknown
	 * @param boot4ClassPresent whether a class that only Spring Boot 4 has is on the classpath
	 * @throws WrongSpringBootLineException on the other line
	 */
	static void check(String version, boolean boot4ClassPresent) {
		boolean boot4 = major(version) >= 4 || boot4ClassPresent;
		if (boot4 != BootLine.BOOT_4) {
			String found = (version != null) ? version : (boot4 ? "4 or later" : "3.5 or earlier");
			throw new WrongSpringBootLineException(found, BootLine.ARTIFACT, BootLine.OTHER_ARTIFACT);
		}
	}

	private static int major(String version) {
		if (version == null) {
			return -1;
		}
		int end = 0;
		while (end < version.length() && Character.isDigit(version.charAt(end))) {
			end++;
		}
		return (end > 0 && end < 10) ? Integer.parseInt(version.substring(0, end)) : -1;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
