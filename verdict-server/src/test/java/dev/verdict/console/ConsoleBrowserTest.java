package dev.verdict.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.auth.ApiKeyService;
import dev.verdict.auth.Role;
import dev.verdict.auth.TenantService;
import dev.verdict.auth.UserService;
import dev.verdict.support.Api;
import dev.verdict.support.ApiTest;
import dev.verdict.support.SecondInstance;
import dev.verdict.support.TestTenants;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console in headless Chromium against the whole application on embedded PostgreSQL: what a person does,
 * checked in the page, in the browser's log, with axe-core, and against the server's refusals.
 */
@ApiTest
class ConsoleBrowserTest {

    private static final String PASSWORD = "console-test-password-1";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static Browser browser;

    @LocalServerPort
    private int port;
    @Autowired
    private TenantService tenantService;
    @Autowired
    private ApiKeyService keyService;
    @Autowired
    private UserService users;
    @Autowired
    private DataSource dataSource;

    private TestTenants.Tenant tenant;
    private ChromeDriver driver;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
    }

    @BeforeEach
    void freshTenantWithUsers() {
        tenant = TestTenants.create(tenantService, keyService);
        users.create(tenant.id(), "alice", Role.ADMIN, PASSWORD, "test");
        users.create(tenant.id(), "victor", Role.VIEWER, PASSWORD, "test");
        driver = browser.driver();
        driver.manage().deleteAllCookies();
        browser.severeLogEntries();
    }

    @Test
    void anAdminCreatesModelsAndAnExperimentSeesEveryChartEditsTheSplitAndPromotes() {
        logIn("alice");
        assertThat(driver.getCurrentUrl()).endsWith("/console/experiments");
        int n = SEQ.incrementAndGet();
        createModel("champ-" + n, "Scorecard " + n);
        createModel("chall-" + n, "Bayesian " + n);
        assertThat(driver.findElement(By.id("models")).getText()).contains("champ-" + n, "chall-" + n);
        browser.screenshot("models");

        open("/console/experiments/new");
        driver.findElement(By.id("key")).sendKeys("browser-exp-" + n);
        driver.findElement(By.id("name")).sendKeys("Browser experiment " + n);
        new Select(driver.findElement(By.id("championModelId"))).selectByVisibleText("champ-" + n + " – Scorecard " + n);
        new Select(driver.findElement(By.id("challengerModelId"))).selectByVisibleText("chall-" + n + " – Bayesian " + n);
        new Select(driver.findElement(By.id("status"))).selectByValue("active");
        clickAndAwaitNextPage(By.cssSelector("#experiment-form button[type=submit]"));
        String experimentUrl = driver.getCurrentUrl();
        assertThat(experimentUrl).matches(".*/console/experiments/exp_[0-9A-Z]+$");
        String id = experimentUrl.substring(experimentUrl.lastIndexOf('/') + 1);

        driveTraffic(id, 0, 600);
        driver.navigate().refresh();
        waitForCharts("forest-chart", "uplift-chart", "evidence-chart", "traffic-chart");
        assertThat(driver.findElement(By.id("variants")).getText()).contains("__champion__", "chall-" + n);
        assertThat(browser.severeLogEntries()).as("browser log on the experiment page").isEmpty();
        assertThat(browser.seriousAccessibilityViolations()).as("axe on the experiment page").isEmpty();
        browser.screenshot("experiment");

        open("/console/experiments");
        assertThat(driver.findElement(By.tagName("table")).getText()).contains("browser-exp-" + n, "active");
        assertThat(browser.seriousAccessibilityViolations()).as("axe on the experiments list").isEmpty();
        browser.screenshot("experiments");

        // Edit the split: the live check refuses 110 %, 80/20 is saved and appears as configuration version 2.
        open("/console/experiments/" + id + "/split");
        assertThat(driver.getPageSource()).contains("Returning customers keep their variant");
        WebElement champion = driver.findElement(By.id("championPct"));
        champion.clear();
        champion.sendKeys("60");
        assertThat(driver.findElement(By.cssSelector("#split-form .sum")).getText()).contains("110");
        assertThat(driver.findElement(By.cssSelector("#split-form button[type=submit]")).isEnabled()).isFalse();
        champion.clear();
        champion.sendKeys("80");
        WebElement challenger = driver.findElement(By.id("challengerPct0"));
        challenger.clear();
        challenger.sendKeys("20");
        assertThat(driver.findElement(By.cssSelector("#split-form button[type=submit]")).isEnabled()).isTrue();
        clickAndAwaitNextPage(By.cssSelector("#split-form button[type=submit]"));
        driveTraffic(id, 600, 200);
        driver.navigate().refresh();
        waitForCharts("traffic-chart");
        assertThat(driver.findElement(By.id("version-markers")).getText()).contains("v2 from");
        assertThat(browser.severeLogEntries()).isEmpty();

        // Promote: nothing is preselected, the evidence comes before the confirmation.
        clickAndAwaitNextPage(By.id("promote-link"));
        List<WebElement> choices = driver.findElements(By.cssSelector("#choose-form input[type=radio]"));
        assertThat(choices).hasSize(1);
        assertThat(choices).noneMatch(WebElement::isSelected);
        assertThat(driver.findElements(By.id("confirm-form"))).isEmpty();
        choices.get(0).click();
        clickAndAwaitNextPage(By.cssSelector("#choose-form button[type=submit]"));
        assertThat(driver.findElement(By.id("evidence")).getText()).contains("Uplift against the champion",
                "Fixed-horizon interval", "Always-valid interval");
        assertThat(browser.seriousAccessibilityViolations()).as("axe on the promote page").isEmpty();
        browser.screenshot("promote");
        driver.findElement(By.id("reason")).sendKeys("chosen in the browser test");
        clickAndAwaitNextPage(By.cssSelector("#confirm-form button[type=submit]"));
        assertThat(driver.findElement(By.id("current-phase")).getText()).isEqualTo("2");
        assertThat(driver.findElement(By.id("history-table")).getText()).contains("manual",
                "chosen in the browser test");

        open("/console/audit");
        assertThat(driver.findElement(By.id("audit")).getText()).contains("experiment.promoted",
                "experiment.updated", "experiment.created");
        driver.findElement(By.cssSelector("#verify-form button")).click();
        // htmx swaps the element out when the answer arrives: a reference found just before may go stale.
        new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("verification")).getText().contains("intact"));
        assertThat(browser.seriousAccessibilityViolations()).as("axe on the audit log").isEmpty();
        browser.screenshot("audit");

        open("/console/power?baseline=0.05&mde=0.01");
        waitForCharts("power-chart");
        assertThat(driver.findElement(By.id("power-table")).getText()).contains("1.00");
        assertThat(browser.severeLogEntries()).as("browser log on the power calculator").isEmpty();
        assertThat(browser.seriousAccessibilityViolations()).as("axe on the power calculator").isEmpty();
        browser.screenshot("power");
    }

    @Test
    void aViewerSeesNoWriteControlAndAForgedPostIs403() {
        String id = experimentThroughTheApi();
        logIn("victor");
        open("/console/experiments/" + id);
        assertThat(driver.findElements(By.cssSelector("form[method=post]")))
                .as("the only form a viewer gets is log out")
                .allMatch(f -> f.getAttribute("action").endsWith("/console/logout"));
        assertThat(driver.findElements(By.id("promote-link"))).isEmpty();
        assertThat(driver.findElements(By.id("split-link"))).isEmpty();
        open("/console/models");
        assertThat(driver.findElements(By.id("new-model"))).isEmpty();
        // A forged write with the viewer's valid CSRF token (taken from the log-out form).
        assertThat(post("/console/experiments/" + id + "/status", "status=paused", true)).isEqualTo(403);
        assertThat(post("/console/keys", "name=x&role=admin", true)).isEqualTo(403);
        open("/console/keys");
        assertThat(driver.getPageSource()).contains("Not allowed");
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefused() {
        String id = experimentThroughTheApi();
        logIn("alice");
        open("/console/experiments/" + id);
        assertThat(post("/console/experiments/" + id + "/status", "status=paused", false)).isEqualTo(403);
        driver.navigate().refresh();
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("active");
        assertThat(post("/console/experiments/" + id + "/status", "status=paused", true)).isEqualTo(200);
        driver.navigate().refresh();
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("paused");
    }

    @Test
    void anotherTenantsExperimentIs404InTheConsole() {
        TestTenants.Tenant other = TestTenants.create(tenantService, keyService);
        Api api = new Api(port, other.admin());
        String model = api.post("/api/v1/algorithm-models", Map.of("key", "m", "name", "M", "modelType", "bayesian"))
                .json().get("id").asText();
        String foreign = api.post("/api/v1/experiments", Map.of("key", "foreign", "name", "Foreign",
                "championModelId", model, "trafficSplit", Map.of("championPct", 100))).json().get("id").asText();
        logIn("alice");
        assertThat(status("/console/experiments/" + foreign)).isEqualTo(404);
        assertThat(post("/console/experiments/" + foreign + "/status", "status=archived", true)).isEqualTo(404);
    }

    @Test
    void aSessionStartedHereWorksOnASecondInstance() throws Exception {
        logIn("alice");
        Cookie session = driver.manage().getCookieNamed("SESSION");
        assertThat(session).as("the session cookie").isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        assertThat(session.isSecure()).as("plain HTTP: not Secure").isFalse();
        try (SecondInstance second = SecondInstance.start(dataSource)) {
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + second.port() + "/console/experiments"))
                    .header("Cookie", "SESSION=" + session.getValue()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("alice (admin, " + tenant.id() + ")");
        }
    }

    private void logIn(String user) {
        open("/console/login");
        WebElement t = driver.findElement(By.id("tenant"));
        t.clear();
        t.sendKeys(tenant.id());
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("#login button[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector(".who")).isEmpty()
                || d.getCurrentUrl().contains("error"));
        assertThat(driver.getCurrentUrl()).as("after logging in as " + user).doesNotContain("/login");
    }

    private void createModel(String key, String name) {
        open("/console/models/new");
        driver.findElement(By.id("key")).sendKeys(key);
        driver.findElement(By.id("name")).sendKeys(name);
        clickAndAwaitNextPage(By.cssSelector("#model-form button[type=submit]"));
    }

    /**
     * Clicks an element that navigates and waits until the next page has replaced this one. Without the wait the
     * next {@code driver.get} can race the form's own navigation and land on the page the POST redirects to.
     */
    private void clickAndAwaitNextPage(By target) {
        WebElement element = driver.findElement(target);
        element.click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(element));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> "complete".equals(
                ((ChromeDriver) d).executeScript("return document.readyState")));
    }

    private void open(String path) {
        driver.get("http://localhost:" + port + path);
    }

    private void waitForCharts(String... canvasIds) {
        for (String canvas : canvasIds) {
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(((ChromeDriver) d)
                    .executeScript("return typeof Chart !== 'undefined' && !!Chart.getChart(document.getElementById(arguments[0]));",
                            canvas)));
        }
    }

    /** A form POST from the page through fetch; with the page's CSRF token or without one. Returns the status. */
    private long post(String path, String body, boolean withToken) {
        return (Long) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const token = document.querySelector('input[name=_csrf]');
                const body = arguments[1] + (arguments[2] && token ? '&_csrf=' + encodeURIComponent(token.value) : '');
                fetch(arguments[0], { method: 'POST', body, redirect: 'manual',
                    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
                  .then(r => done(r.type === 'opaqueredirect' ? 200 : r.status)).catch(e => done(-1));
                """, path, body, withToken);
    }

    private long status(String path) {
        return (Long) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => done(r.status)).catch(e => done(-1));
                """, path);
    }

    private String experimentThroughTheApi() {
        Api api = new Api(port, tenant.editor());
        int n = SEQ.incrementAndGet();
        String a = api.post("/api/v1/algorithm-models", Map.of("key", "a-" + n, "name", "A", "modelType", "scorecard"))
                .json().get("id").asText();
        String b = api.post("/api/v1/algorithm-models", Map.of("key", "b-" + n, "name", "B", "modelType", "bayesian"))
                .json().get("id").asText();
        Api.Response r = api.post("/api/v1/experiments", Map.of("key", "api-exp-" + n, "name", "API " + n,
                "status", "active", "championModelId", a, "trafficSplit", Map.of("championPct", 50),
                "challengers", List.of(Map.of("modelId", b, "trafficPct", 50))));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    /** Assigns {@code count} customers through the API and converts every fourth. */
    private void driveTraffic(String id, int from, int count) {
        Api api = new Api(port, tenant.editor());
        List<String> customers = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            customers.add("cust-" + i);
        }
        Api.Response assigned = api.post("/api/v1/experiments/" + id + "/assignments/batch",
                Map.of("customerIds", customers));
        assertThat(assigned.status()).as(assigned.raw()).isEqualTo(200);
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (int i = 0; i < customers.size(); i += 4) {
            outcomes.add(Map.of("customerId", customers.get(i), "idempotencyKey", "o-" + customers.get(i)));
        }
        Api.Response converted = api.post("/api/v1/experiments/" + id + "/outcomes/batch",
                Map.of("outcomes", outcomes));
        assertThat(converted.status()).as(converted.raw()).isEqualTo(200);
    }
}
