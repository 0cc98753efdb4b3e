package dev.observability.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.springframework.core.env.Environment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.util.StringUtils;

/**
 * What every signal says about the service that emitted it: its name, version and deployment
 * environment.
 * <p>
 * Resolved from the {@link Environment} alone, so that logging, which starts before the application
 * context, reports the same values as the beans that come later:
 * <ul>
 * <li>name: {@code spring.application.name}, else {@code "application"};</li>
 * <li>version: {@code spring.application.version}, else {@code build.version} from the build-info
 * file ({@code spring.info.build.location}), else {@code "unknown"};</li>
 * <li>environment: {@code observability.environment}, else the first active profile, else
 * {@code "default"}.</li>
 * </ul>
 *
 * @param name the service name
 * @param version the service version
 * @param environment the deployment environment
 */
public record ServiceInfo(String name, String version, String environment) {

	static final String DEFAULT_BUILD_INFO_LOCATION = "classpath:META-INF/build-info.properties";

	/**
	 * The release identifier {@code name@version}, the form Sentry uses.
	 * @return the release
	 */
	public String release() {
		return this.name + "@" + this.version;
	}

	/**
	 * Resolve the service information from the given environment.
	 * @param environment the environment to read
	 * @return the service information
	 */
	public static ServiceInfo from(Environment environment) {
		String name = environment.getProperty("spring.application.name", "application");
		String version = environment.getProperty("spring.application.version");
		if (!StringUtils.hasText(version)) {
			version = buildVersion(environment.getProperty("spring.info.build.location", DEFAULT_BUILD_INFO_LOCATION));
		}
		String env = environment.getProperty("observability.environment");
		if (!StringUtils.hasText(env)) {
			String[] profiles = environment.getActiveProfiles();
			env = (profiles.length > 0) ? profiles[0] : "default";
		}
		return new ServiceInfo(name, StringUtils.hasText(version) ? version : "unknown", env);
	}

	private static String buildVersion(String location) {
		Resource resource = new DefaultResourceLoader(ServiceInfo.class.getClassLoader()).getResource(location);
		if (!resource.exists()) {
			return null;
		}
		try (InputStream in = resource.getInputStream()) {
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("build.version");
		}
		catch (IOException ex) {
			return null;
		}
	}

}
