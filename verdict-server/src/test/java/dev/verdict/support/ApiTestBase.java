package dev.verdict.support;

import dev.verdict.auth.ApiKeyService;
import dev.verdict.auth.TenantService;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Per test: a fresh tenant with an admin, an editor and a viewer key, and clients for each over real HTTP. */
public abstract class ApiTestBase {

    @LocalServerPort
    protected int port;
    @Autowired
    protected TenantService tenantService;
    @Autowired
    protected ApiKeyService keyService;
    @Autowired
    protected MutableClock clock;
    @Autowired
    protected JdbcClient jdbc;

    protected TestTenants.Tenant tenant;
    protected Api admin;
    protected Api editor;
    protected Api viewer;
    protected Api anonymous;

    @BeforeEach
    void createTenant() {
        tenant = TestTenants.create(tenantService, keyService);
        admin = new Api(port, tenant.admin());
        editor = new Api(port, tenant.editor());
        viewer = new Api(port, tenant.viewer());
        anonymous = new Api(port, null);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    protected TestTenants.Tenant otherTenant() {
        return TestTenants.create(tenantService, keyService);
    }

    protected String createModel(Api api, String key) {
        Api.Response r = api.post("/api/v1/algorithm-models", Map.of("key", key, "name", "Model " + key,
                "modelType", "bayesian"));
        if (r.status() != 201) {
            throw new AssertionError("could not create model: " + r);
        }
        return r.json().get("id").asText();
    }
}
