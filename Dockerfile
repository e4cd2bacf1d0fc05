# Verdict service image. Build the jar first (./mvnw -B -ntp -DskipTests package), then: docker build -t verdict .
# Not built on the project's build machines (no container runtime there); the recipe follows the README's
# production start exactly, with the JVM flags of ADR 019 (JvmDefaultsTest keeps them equal to the pom's).
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app verdict
WORKDIR /app
COPY verdict-server/target/verdict-0.1.0-SNAPSHOT.jar /app/verdict.jar
USER 10001
ENV SPRING_PROFILES_ACTIVE=postgres \
    JAVA_OPTS="-XX:+UseSerialGC -Xms256m -Xmx512m -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=96m -Xss512k -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
# DATABASE_URL, DATABASE_USERNAME, DATABASE_PASSWORD and API_KEY_PEPPER come from the deployment.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/verdict.jar \"$@\"", "--"]
