package dev.verdict.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The admin command line against the running service's database; the keys it prints work over HTTP. */
@ApiTest
class AdminCliApiTest extends ApiTestBase {

    private static final Pattern KEY = Pattern.compile("krn_[A-Za-z0-9_-]{32,128}");
    private static final Pattern KEY_ID = Pattern.compile("key_[0-9A-Z]{26}");

    @Autowired
    private TenantRepository tenantRepository;
    @Autowired
    private UserService userService;

    private AdminCli cli;
    private ByteArrayOutputStream out;

    @BeforeEach
    void cli() {
        cli = new AdminCli(tenantRepository, keyService, clock, userService);
        out = new ByteArrayOutputStream();
        cli.output(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private String run(int expectedExit, String... args) {
        out.reset();
        int exit = cli.execute(args);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("exit code of %s: %s", String.join(" ", args), text).isEqualTo(expectedExit);
        return text;
    }

    @Test
    void tenantCreateKeyCreateListAndRevoke() {
        String id = "cli-" + System.nanoTime() % 1_000_000_000L;
        assertThat(run(0, "tenant", "create", id, "--name", "CLI tenant")).contains("created tenant " + id);
        assertThat(run(1, "tenant", "create", id)).contains("already exists");
        assertThat(run(0, "tenant", "list")).contains(id + "\tCLI tenant");

        String created = run(0, "key", "create", "--tenant", id, "--role", "editor", "--name", "ops");
        Matcher key = KEY.matcher(created);
        assertThat(key.find()).as(created).isTrue();
        Matcher keyId = KEY_ID.matcher(created);
        assertThat(keyId.find()).as(created).isTrue();
        Api api = new Api(port, key.group());
        Api.Response me = api.get("/api/v1/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("tenantId").asText()).isEqualTo(id);
        assertThat(me.json().get("role").asText()).isEqualTo("editor");
        assertThat(api.post("/api/v1/algorithm-models", java.util.Map.of("key", "from-cli", "name", "n",
                "modelType", "bayesian")).status()).isEqualTo(201);

        String listed = run(0, "key", "list", "--tenant", id);
        assertThat(listed).contains(keyId.group()).contains("editor").contains("ops")
                .doesNotContain(key.group());

        assertThat(run(0, "key", "revoke", "--tenant", id, keyId.group())).contains("revoked");
        assertThat(api.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(run(1, "key", "revoke", "--tenant", id, keyId.group())).startsWith("error:");
    }

    @Test
    void badInvocationsPrintUsageOrAnErrorWithANonZeroExit() {
        assertThat(run(2)).contains("usage:");
        assertThat(run(2, "frobnicate")).contains("usage:");
        assertThat(run(1, "tenant", "create", "Bad Id!")).startsWith("error:");
        assertThat(run(1, "key", "create", "--tenant", tenant.id(), "--role", "root")).startsWith("error:");
        assertThat(run(1, "key", "create", "--role", "admin")).contains("--tenant is required");
        assertThat(run(1, "key", "create", "--tenant", "no-such-tenant-xyz", "--role", "viewer")).startsWith("error:");
        assertThat(run(1, "key", "revoke", "--tenant", tenant.id(), "key_nope")).startsWith("error:");
    }

    @Test
    void userCreatePrintsAGeneratedPasswordOnceThatAuthenticates() {
        String created = run(0, "user", "create", "--tenant", tenant.id(), "--role", "editor", "--name", "ana");
        String password = created.lines().reduce((a, b) -> b).orElseThrow().trim();
        assertThat(password).hasSizeGreaterThanOrEqualTo(UserService.MIN_PASSWORD);
        assertThat(userService.authenticate(tenant.id(), "ana", password)).get()
                .satisfies(u -> assertThat(u.role()).isEqualTo(Role.EDITOR));
        assertThat(userService.authenticate(tenant.id(), "ana", password + "x")).isEmpty();
        assertThat(run(0, "user", "list", "--tenant", tenant.id())).contains("\teditor\tana\t")
                .doesNotContain(password);
        assertThat(run(1, "user", "create", "--tenant", tenant.id(), "--role", "viewer", "--name", "ana"))
                .contains("already exists");
    }

    @Test
    void userCreateTakesThePasswordFromTheEnvironment() {
        cli.environment(name -> name.equals("VERDICT_USER_PASSWORD") ? "a-chosen-password-42" : null);
        String created = run(0, "user", "create", "--tenant", tenant.id(), "--role", "viewer", "--name", "vic");
        assertThat(created).doesNotContain("a-chosen-password-42").contains("VERDICT_USER_PASSWORD");
        assertThat(userService.authenticate(tenant.id(), "vic", "a-chosen-password-42")).isPresent();
        assertThat(run(1, "user", "create", "--tenant", tenant.id(), "--role", "nobody", "--name", "x"))
                .contains("role must be one of");
    }
}
