# syntax=docker/dockerfile:1
# One image per service, from the same sources. docker-compose.yml builds it four times, with SERVICE set to
# package-service, replication-service, mapping-service or permission-service:
#
#   docker build --build-arg SERVICE=mapping-service -t imagepack/mapping-service .
#
# Configuration comes only from the environment at run time (see README, "Configuration reference").

FROM eclipse-temurin:17-jdk AS build
ARG SERVICE
WORKDIR /workspace
# The whole reactor: Maven reads every module's pom even when it builds one service. .dockerignore keeps
# build output, run data and local tools out.
COPY . .
# The four images build side by side with one Maven repository cache: it is locked while one uses it.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
	test -n "${SERVICE}" && test -f "${SERVICE}/pom.xml" \
	&& ./mvnw -B -q -pl "${SERVICE}" -am package -Dmaven.test.skip=true \
	&& java -Djarmode=tools -jar "${SERVICE}/target/${SERVICE}-0.1.0-SNAPSHOT.jar" \
		extract --layers --launcher --destination /workspace/extracted

FROM eclipse-temurin:17-jre AS runtime
ARG SERVICE
LABEL org.opencontainers.image.title="imagepack ${SERVICE}"
RUN groupadd --system --gid 10001 imagepack \
	&& useradd --system --uid 10001 --gid imagepack --no-create-home --shell /usr/sbin/nologin imagepack
WORKDIR /app
# Layers from the least to the most often changed, so that a new build of the service rewrites only the last.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
USER 10001:10001
ENV SERVER_ADDRESS=0.0.0.0 \
	SERVER_PORT=8080 \
	JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
# Healthy while actuator health answers 200, which it does only when the service, its store and its broker are UP
# (DOWN and OUT_OF_SERVICE answer 503). bash's /dev/tcp does the request, so the check depends on no HTTP client.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
	CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT} && printf 'GET /actuator/health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
