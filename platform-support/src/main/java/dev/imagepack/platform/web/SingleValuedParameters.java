package dev.imagepack.platform.web;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import dev.imagepack.platform.problem.InvalidRequestException;
import dev.imagepack.platform.problem.Violations;

/**
 * Refuses a query parameter given more than once where the endpoint takes one value
 * ({@code ?region=a&region=b}): Spring would hand the endpoint both joined with a comma,
 * which it then refuses as malformed, or reads as one odd value, such as a listing filter
 * that matches nothing. Parameters that take several values (a list, such as the
 * templates' {@code association}) are left alone. Which parameters an endpoint takes once
 * is worked out at its first request and kept.
 */
final class SingleValuedParameters implements HandlerInterceptor {

	private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

	private final Map<Method, List<String>> singleValued = new ConcurrentHashMap<>();

	/**
	 * Refuses the request if a parameter the endpoint takes once was given several times.
	 * @throws InvalidRequestException naming every such parameter
	 */
	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method)) {
			return true;
		}
		Violations violations = new Violations();
		for (String name : this.singleValued.computeIfAbsent(method.getMethod(), (key) -> singleValued(method))) {
			String[] values = request.getParameterValues(name);
			if (values != null && values.length > 1) {
				violations.add(name, "is given " + values.length + " times; it takes one value");
			}
		}
		violations.throwIfAny();
		return true;
	}

	private static List<String> singleValued(HandlerMethod method) {
		List<String> names = new ArrayList<>();
		for (MethodParameter parameter : method.getMethodParameters()) {
			RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
			String name = (annotation != null && !takesSeveral(parameter)) ? name(annotation, parameter) : null;
			if (name != null) {
				names.add(name);
			}
		}
		return List.copyOf(names);
	}

	private static boolean takesSeveral(MethodParameter parameter) {
		Class<?> type = parameter.nestedIfOptional().getNestedParameterType();
		return type.isArray() || Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type);
	}

	private static @Nullable String name(RequestParam annotation, MethodParameter parameter) {
		if (!annotation.name().isEmpty()) {
			return annotation.name();
		}
		if (!annotation.value().isEmpty()) {
			return annotation.value();
		}
		String[] names = (parameter.getMethod() != null) ? NAMES.getParameterNames(parameter.getMethod()) : null;
		return (names != null && parameter.getParameterIndex() < names.length) ? names[parameter.getParameterIndex()]
				: null;
	}

}
