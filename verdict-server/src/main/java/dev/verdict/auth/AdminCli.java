package dev.verdict.auth;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Tenant and key administration from the command line of the same jar, against the configured database:
 * <pre>
 *   tenant create ID [--name NAME]      tenant list
 *   key create --tenant ID --role admin|editor|viewer [--name NAME]
 *   key list --tenant ID                key revoke --tenant ID KEY_ID
 *   user create --tenant ID --role admin|editor|viewer --name NAME
 *   user list --tenant ID               user delete --tenant ID USER_ID
 * </pre>
 * {@code user create} prints a generated password once, or takes it from {@code VERDICT_USER_PASSWORD}.
 */
@Component
@ConditionalOnProperty(name = "verdict.cli", havingValue = "true")
public class AdminCli implements ApplicationRunner, ExitCodeGenerator {

    public static final Set<String> COMMANDS = Set.of("tenant", "key", "user");
    private static final String USAGE = """
            usage:
              tenant create ID [--name NAME]
              tenant list
              key create --tenant ID --role admin|editor|viewer [--name NAME]
              key list --tenant ID
              key revoke --tenant ID KEY_ID
              user create --tenant ID --role admin|editor|viewer --name NAME   (password: VERDICT_USER_PASSWORD or generated)
              user list --tenant ID
              user delete --tenant ID USER_ID""";

    private final TenantRepository tenants;
    private final ApiKeyService keys;
    private final java.time.Clock clock;
    private final UserService users;
    private int exitCode;
    private PrintStream out = System.out;
    private java.util.function.Function<String, String> env = System::getenv;

    AdminCli(TenantRepository tenants, ApiKeyService keys, java.time.Clock clock, UserService users) {
        this.users = users;
        this.tenants = tenants;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        exitCode = execute(arguments.getSourceArgs());
    }

    int execute(String[] args) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        try {
            String command = String.join(" ", positional.subList(0, Math.min(2, positional.size())));
            switch (command) {
                case "tenant create" -> {
                    String id = argument(positional, 2, "ID");
                    if (!id.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
                        throw new IllegalArgumentException("tenant id: 1-64 of a-z, 0-9, _ and -, starting with a letter or digit");
                    }
                    boolean created = tenants.createIfAbsent(id, options.getOrDefault("name", id), clock.instant());
                    out.println(created ? "created tenant " + id : "tenant " + id + " already exists");
                    return created ? 0 : 1;
                }
                case "tenant list" -> {
                    tenants.all().forEach(t -> out.println(t.id() + "\t" + t.name() + "\t" + t.createdAt()));
                    return 0;
                }
                case "key create" -> {
                    String tenant = required(options, "tenant");
                    Role role = Role.fromWire(required(options, "role"));
                    ApiKeyService.CreatedKey key = keys.create(tenant, options.getOrDefault("name", role.wire() + " key"),
                            role, "cli");
                    out.println("created " + role.wire() + " key " + key.id() + " for tenant " + tenant
                            + " (shown only now):");
                    out.println(key.key());
                    return 0;
                }
                case "key list" -> {
                    String tenant = required(options, "tenant");
                    String cursor = null;
                    do {
                        var page = keys.list(tenant, "100", cursor);
                        page.data().forEach(k -> out.println(k.id() + "\t" + k.role().wire() + "\t" + k.prefix()
                                + "…\t" + k.name() + "\tcreated " + k.createdAt()
                                + (k.lastUsedAt() == null ? "" : "\tlast used " + k.lastUsedAt())));
                        cursor = page.pagination().cursor();
                    } while (cursor != null);
                    return 0;
                }
                case "key revoke" -> {
                    keys.revoke(required(options, "tenant"), argument(positional, 2, "KEY_ID"), "cli");
                    out.println("revoked");
                    return 0;
                }
                case "user create" -> {
                    String tenant = required(options, "tenant");
                    Role role = Role.fromWire(required(options, "role"));
                    String preset = env.apply("VERDICT_USER_PASSWORD");
                    UserService.CreatedUser user = users.create(tenant, required(options, "name"), role,
                            preset == null || preset.isEmpty() ? null : preset, "cli");
                    out.println("created " + role.wire() + " user " + user.username() + " (" + user.id()
                            + ") for tenant " + tenant + (user.password() == null
                            ? " with the password from VERDICT_USER_PASSWORD" : "; password (shown only now):"));
                    if (user.password() != null) {
                        out.println(user.password());
                    }
                    return 0;
                }
                case "user list" -> {
                    users.list(required(options, "tenant")).forEach(u -> out.println(u.id() + "\t" + u.role().wire()
                            + "\t" + u.username() + "\tcreated " + u.createdAt()
                            + (u.lastLoginAt() == null ? "" : "\tlast login " + u.lastLoginAt())));
                    return 0;
                }
                case "user delete" -> {
                    users.delete(required(options, "tenant"), argument(positional, 2, "USER_ID"), "cli");
                    out.println("deleted");
                    return 0;
                }
                default -> {
                    out.println(USAGE);
                    return 2;
                }
            }
        } catch (RuntimeException e) {
            out.println("error: " + e.getMessage());
            return 1;
        }
    }

    void output(PrintStream stream) {
        this.out = stream;
    }

    /** Where environment variables come from (tests pass a map). */
    void environment(java.util.function.Function<String, String> source) {
        this.env = source;
    }

    private static String argument(List<String> positional, int index, String name) {
        if (positional.size() <= index) {
            throw new IllegalArgumentException(name + " is required\n" + USAGE);
        }
        return positional.get(index);
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required\n" + USAGE);
        }
        return value;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
