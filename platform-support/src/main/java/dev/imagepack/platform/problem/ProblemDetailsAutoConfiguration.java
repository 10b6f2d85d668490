package dev.imagepack.platform.problem;

import org.apache.catalina.Container;
import org.apache.catalina.Host;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Makes every error of a servlet service an RFC 9457 problem: the controllers' through
 * the shared advice, the error page through {@link ProblemErrorController}, and what
 * Tomcat refuses on its own through {@link ProblemErrorReportValve}. Each replaces Boot's
 * counterpart, which then backs off.
 */
@AutoConfiguration(beforeName = { "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
		"org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ProblemDetailsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
	ProblemDetailsAdvice problemDetailsAdvice() {
		return new ProblemDetailsAdvice();
	}

	@Bean
	@ConditionalOnMissingBean(ErrorController.class)
	ProblemErrorController problemErrorController() {
		return new ProblemErrorController();
	}

	/**
	 * Swaps Tomcat's HTML error report for a problem document.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tomcat.class)
	static class TomcatErrorReportConfiguration {

		@Bean
		ProblemErrorReportCustomizer problemErrorReportCustomizer() {
			return new ProblemErrorReportCustomizer();
		}

	}

	/**
	 * Runs after Boot's own Tomcat customizer, so that the error report valve it adds is
	 * the one this replaces.
	 */
	static class ProblemErrorReportCustomizer
			implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addContextCustomizers((context) -> {
				Container parent = context.getParent();
				if (!(parent instanceof Host host)) {
					return;
				}
				Pipeline pipeline = host.getPipeline();
				for (Valve valve : pipeline.getValves()) {
					if (valve instanceof ErrorReportValve) {
						pipeline.removeValve(valve);
					}
				}
				pipeline.addValve(new ProblemErrorReportValve());
				if (host instanceof StandardHost standardHost) {
					standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				}
			});
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
