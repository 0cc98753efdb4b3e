package dev.observability.sample;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/**
 * Background work started by a request: runs on Spring Boot's task executor and logs with the
 * request's id.
 */
@Service
public class ReportService {

	private static final Logger logger = LoggerFactory.getLogger(ReportService.class);

	@Async
	public CompletableFuture<String> buildReport(String name) {
		logger.info("Building report {}", name);
		return CompletableFuture.completedFuture(Objects.toString(MDC.get("requestId"), ""));
	}

}
