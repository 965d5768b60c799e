package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * {@code GET /_/dashboard}: the page over plain HTTP, and rendered by a real browser (headless
 * Chromium through chromedriver, Debian packages {@code chromium} and {@code chromium-driver}),
 * asserting on the rendered DOM and keeping a screenshot in {@code target/dashboard.png}. The
 * browser test is skipped when Chromium is not installed, unless {@code JICP_REQUIRE_BROWSER=true}
 * ({@code .ci/run} sets it once it has installed the packages).
 */
class DashboardTest {
  private static byte[] pinger() throws IOException {
    try (InputStream in = DashboardTest.class.getResourceAsStream("/wasm/pinger.wasm")) {
      assertThat(in).as("pinger.wasm from ic-wasm-runtime's test jar").isNotNull();
      return in.readAllBytes();
    }
  }

  private static CanisterId installPinger(TestReplica r) throws IOException {
    RawIc c = r.client();
    CanisterId id = c.createCanister(r.backend.topology().defaultEffectiveCanisterId());
    c.install(id, pinger(), "install");
    return id;
  }

  @Test
  void dashboard_overHttp_listsSubnetsCanistersAndMessages() throws Exception {
    try (TestReplica r = new TestReplica(List.of("nns", "application"))) {
      CanisterId id = installPinger(r);
      HttpURLConnection get = (HttpURLConnection) URI.create(r.url() + "/_/dashboard").toURL()
          .openConnection();
      assertThat(get.getResponseCode()).isEqualTo(200);
      assertThat(get.getContentType()).startsWith("text/html");
      String html;
      try (InputStream in = get.getInputStream()) {
        html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(html).contains("<table id=\"subnets\"").contains(">nns<")
          .contains(">application<").contains(id.principal().toText())
          .contains("<svg id=\"chart\"").contains("no NNS governance canister")
          .contains("http-equiv=\"refresh\"");
      assertThat(html.split("class=\"subnet\"", -1)).hasSize(3);
      assertThat(html.split("class=\"message\"", -1).length).as("ingress rows").isGreaterThan(1);
      HttpURLConnection post = (HttpURLConnection) URI.create(r.url() + "/_/dashboard").toURL()
          .openConnection();
      post.setRequestMethod("POST");
      post.setDoOutput(true);
      post.getOutputStream().close();
      assertThat(post.getResponseCode()).isEqualTo(405);
    }
  }

  @Test
  void dashboard_withTheNnsCanisters_listsGovernancesPendingProposals() {
    try (org.jicp.replica.Replica ic = org.jicp.replica.Replica.builder().nnsSubnet()
        .applicationSubnets(1).nnsCanisters(true).deterministic(3).build()) {
      String html = new String(new Dashboard(ic).render(), StandardCharsets.UTF_8);
      assertThat(html).contains("<table id=\"proposals\"").doesNotContain("did not answer")
          .contains("rrkah-fqaaa-aaaaa-aaaaq-cai").contains("ryjl3-tyaaa-aaaaa-aaaba-cai");
    }
  }

  @Test
  void dashboard_inHeadlessChromium_rendersTablesAndChart() throws Exception {
    Path chromium = Path.of("/usr/bin/chromium");
    Path driver = Path.of("/usr/bin/chromedriver");
    if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
      assertThat(System.getenv("JICP_REQUIRE_BROWSER")).as("Chromium and chromedriver are "
          + "required here (JICP_REQUIRE_BROWSER) but missing").isNotEqualToIgnoringCase("true");
      Assumptions.abort("Chromium/chromedriver not installed (apt-get install chromium "
          + "chromium-driver)");
    }
    try (TestReplica r = new TestReplica(List.of("nns", "application"))) {
      CanisterId id = installPinger(r);
      ChromeOptions options = new ChromeOptions();
      options.setBinary(chromium.toFile());
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
          "--disable-dev-shm-usage", "--window-size=1280,1600");
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(driver.toFile()).usingAnyFreePort().build();
      ChromeDriver browser = new ChromeDriver(service, options);
      try {
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        browser.get(r.url() + "/_/dashboard");
        assertThat(browser.getTitle()).isEqualTo("jicp dashboard");
        List<WebElement> subnets = browser.findElements(By.cssSelector("#subnets tr.subnet"));
        assertThat(subnets).hasSize(2);
        assertThat(subnets.get(0).findElements(By.tagName("td")).get(1).getText())
            .isEqualTo("nns");
        assertThat(browser.findElement(By.id("canisters")).getText())
            .contains(id.principal().toText());
        assertThat(browser.findElements(By.cssSelector("#chart polyline.series"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("#ingress tr.message"))).isNotEmpty();
        Path shot = Path.of("target", "dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(shot)).isGreaterThan(1_000);
      } finally {
        browser.quit();
        service.close();
      }
    }
  }
}
