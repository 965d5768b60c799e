package org.jicp.replica.pocketic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jicp.crypto.Principal;
import org.jicp.replica.http.IcHttpApi;
import org.jicp.replica.http.IcHttpServer;
import org.jicp.wasm.execution.ManagementApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PocketIC-compatible REST API, endpoint by endpoint, including bad input. */
class PocketIcServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ONE_APP = "{\"subnet_config_set\":{\"nns\":null,\"application\":"
      + "[{\"state_config\":\"New\",\"dts_flag\":\"Enabled\",\"instruction_config\":"
      + "\"Production\"}],\"system\":[],\"verified_application\":[]}}";
  private static final byte[] NO_ARGS = HexFormat.of().parseHex("4449444c0000");

  private final PocketIcServer server = new PocketIcServer();

  @AfterEach
  void close() {
    server.close();
  }

  private IcHttpApi.Answer call(String method, String path, String body) {
    return server.handle(method, path, body.getBytes(StandardCharsets.UTF_8));
  }

  private JsonNode ok(String method, String path, String body) throws IOException {
    IcHttpApi.Answer a = call(method, path, body);
    assertThat(a.status()).as(a.bodyText()).isBetween(200, 201);
    return JSON.readTree(a.body());
  }

  private static void assertError(IcHttpApi.Answer a, int status, String messagePart)
      throws IOException {
    assertThat(a.status()).as(a.bodyText()).isEqualTo(status);
    assertThat(a.contentType()).isEqualTo("application/json");
    assertThat(JSON.readTree(a.body()).path("message").asText()).contains(messagePart);
  }

  private int instance() throws IOException {
    return ok("POST", "/instances", ONE_APP).path("Created").path("instance_id").asInt();
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private static String callJson(Principal sender, Principal canister, String method,
      byte[] payload, String effective) {
    return "{\"sender\":\"" + b64(sender.toByteArray()) + "\",\"canister_id\":\""
        + b64(canister.toByteArray()) + "\",\"method\":\"" + method + "\",\"payload\":\""
        + b64(payload) + "\",\"effective_principal\":" + effective + "}";
  }

  private JsonNode update(int inst, Principal sender, Principal canister, String method,
      byte[] payload, String effective) throws IOException {
    JsonNode sub = ok("POST", "/instances/" + inst + "/update/submit_ingress_message",
        callJson(sender, canister, method, payload, effective));
    if (sub.has("Err")) {
      return sub;
    }
    return ok("POST", "/instances/" + inst + "/update/await_ingress_message",
        sub.get("Ok").toString());
  }

  private long time(int inst) throws IOException {
    return ok("GET", "/instances/" + inst + "/read/get_time", "").path("nanos_since_epoch")
        .asLong();
  }

  private static byte[] motoko(String name) throws IOException {
    String prop = System.getProperty("jicp.harness");
    Path root = prop == null || prop.isEmpty() ? Path.of("..", "..", "shared", "harness")
        : Path.of(prop);
    Path wasm = root.resolve("motoko/out/wasm32/" + name + ".wasm");
    if (!Files.isRegularFile(wasm)) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("harness canister not found at " + wasm.toAbsolutePath());
      }
      Assumptions.abort("harness not found at " + wasm.toAbsolutePath());
    }
    return Files.readAllBytes(wasm);
  }

  /** Creates a canister (as {@code controller}) and installs the harness counter. */
  private Principal counter(int inst, Principal controller) throws IOException {
    return installedMotoko(inst, controller, "counter");
  }

  /** Creates a canister (as {@code controller}) and installs harness canister {@code name}. */
  private Principal installedMotoko(int inst, Principal controller, String name)
      throws IOException {
    byte[] wasm = motoko(name);
    JsonNode created = update(inst, controller, Principal.managementCanister(),
        "provisional_create_canister_with_cycles", ManagementApi.encode(
            new ManagementApi.ProvisionalCreateCanisterArgs(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty())), "\"None\"");
    byte[] reply = Base64.getDecoder().decode(created.path("Ok").asText());
    Principal id = ManagementApi.decode(reply, ManagementApi.CanisterIdResult.class).canisterId();
    JsonNode installed = update(inst, controller, Principal.managementCanister(), "install_code",
        ManagementApi.encode(new ManagementApi.InstallCodeArgs(
            new ManagementApi.InstallMode.Install(), id, org.jicp.crypto.Bytes.of(wasm),
            org.jicp.crypto.Bytes.EMPTY, Optional.empty())), "\"None\"");
    assertThat(installed.has("Ok")).as(installed.toString()).isTrue();
    return id;
  }

  /** An HTTP exchange over the network: the status and the body. */
  private record Http(int status, String body) {}

  private static Http http(String method, String url, String body) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setRequestMethod(method);
    if (body != null) {
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/json");
      c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
    int status = c.getResponseCode();
    java.io.InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    c.disconnect();
    return new Http(status, text);
  }

  // ------------------------------------------------------------------ instances

  @Test
  void createInstance_oneApplicationSubnet_createdWithTopology() throws IOException {
    JsonNode created = ok("POST", "/instances", ONE_APP).path("Created");
    assertThat(created.path("instance_id").asInt()).isZero();
    JsonNode configs = created.path("topology").path("subnet_configs");
    assertThat(configs.size()).isEqualTo(1);
    JsonNode subnet = configs.elements().next();
    assertThat(subnet.path("subnet_kind").asText()).isEqualTo("Application");
    assertThat(subnet.path("canister_ranges").size()).isEqualTo(1);
    assertThat(subnet.path("subnet_seed").size()).isEqualTo(32);
    assertThat(created.path("topology").path("default_effective_canister_id")
        .path("canister_id").asText())
        .isEqualTo(subnet.path("canister_ranges").get(0).path("start").path("canister_id")
            .asText());
    JsonNode topology = ok("GET", "/instances/0/_/topology", "");
    assertThat(topology).isEqualTo(created.path("topology"));
  }

  @Test
  void createInstance_everySubnetKind_topologyNamesThem() throws IOException {
    JsonNode t = ok("POST", "/instances", "{\"subnet_config_set\":{\"nns\":{\"state_config\":"
        + "\"New\"},\"sns\":{},\"ii\":{},\"fiduciary\":{},\"bitcoin\":{},\"system\":[{}],"
        + "\"application\":[{},{}],\"verified_application\":[{}]}}")
        .path("Created").path("topology");
    java.util.List<String> kinds = new java.util.ArrayList<>();
    t.path("subnet_configs").forEach(s -> kinds.add(s.path("subnet_kind").asText()));
    assertThat(kinds).containsExactlyInAnyOrder("NNS", "SNS", "II", "Fiduciary", "Bitcoin",
        "System", "Application", "Application", "VerifiedApplication");
  }

  @Test
  void createInstance_badConfigs_clear400AndNoInstance() throws IOException {
    assertError(call("POST", "/instances", "{\"subnet_config_set\":{}}"), 400,
        "at least one subnet");
    assertError(call("POST", "/instances", "{}"), 400, "subnet_config_set");
    assertError(call("POST", "/instances", ONE_APP.replace("}}",
        "},\"icp_features\":{\"ii\":\"DefaultConfig\"}}")), 400, "'ii'");
    assertError(call("POST", "/instances", ONE_APP.replace("}}",
        "},\"icp_features\":{\"snss\":\"DefaultConfig\"}}")), 400, "unknown ICP feature 'snss'");
    assertError(call("POST", "/instances", ONE_APP.replace("}}",
        "},\"icp_features\":[\"sns\"]}")), 400, "must be a JSON object");
    assertError(call("POST", "/instances", "{\"subnet_config_set\":{\"application\":"
        + "[{\"state_config\":{\"FromPath\":\"/x\"}}]}}"), 400, "FromPath");
    assertError(call("POST", "/instances", "{\"subnet_config_set\":{\"nns\":{}}}"), 400,
        "needs a subnet for canisters");
    assertThat(ok("GET", "/instances", "").size()).isZero();
  }

  @Test
  void createInstance_icpFeatures_nnsSubnetAddedAndTheLedgerAnswersAtItsMainnetId()
      throws IOException {
    JsonNode created = ok("POST", "/instances", ONE_APP.replace("}}",
        "},\"icp_features\":{\"icp_token\":\"DefaultConfig\",\"cycles_minting\":"
        + "\"DefaultConfig\"}}"));
    java.util.List<String> kinds = new java.util.ArrayList<>();
    created.path("Created").path("topology").path("subnet_configs")
        .forEach(x -> kinds.add(x.path("subnet_kind").asText()));
    assertThat(kinds).contains("NNS", "Application");
    int inst = created.path("Created").path("instance_id").asInt();
    Principal ledger = Principal.fromText("ryjl3-tyaaa-aaaaa-aaaba-cai");
    JsonNode symbol = ok("POST", "/instances/" + inst + "/read/query",
        callJson(Principal.anonymous(), ledger, "icrc1_symbol", NO_ARGS, "\"None\""));
    byte[] reply = Base64.getDecoder().decode(symbol.path("Ok").asText());
    assertThat(org.jicp.candid.CandidText.printArgs(
        org.jicp.candid.CandidDecoder.standard().decode(reply).values())).isEqualTo("(\"ICP\")");
  }

  @Test
  void createInstance_snsFeature_nnsAndSnsSubnetsAddedAndSnsWAnswersAtItsMainnetId()
      throws IOException {
    JsonNode created = ok("POST", "/instances", ONE_APP.replace("}}",
        "},\"icp_features\":{\"sns\":\"DefaultConfig\"}}"));
    java.util.List<String> kinds = new java.util.ArrayList<>();
    created.path("Created").path("topology").path("subnet_configs")
        .forEach(x -> kinds.add(x.path("subnet_kind").asText()));
    assertThat(kinds).containsExactlyInAnyOrder("NNS", "SNS", "Application");
    int inst = created.path("Created").path("instance_id").asInt();
    Principal snsW = Principal.fromText("qaa6y-5yaaa-aaaaa-aaafa-cai");
    byte[] recordArg = HexFormat.of().parseHex("4449444c016c000100"); // (record {})
    JsonNode listed = ok("POST", "/instances/" + inst + "/read/query",
        callJson(Principal.anonymous(), snsW, "list_deployed_snses", recordArg, "\"None\""));
    byte[] reply = Base64.getDecoder().decode(listed.path("Ok").asText());
    assertThat(org.jicp.nns.NnsCandid.MAPPER.decode(reply,
        org.jicp.nns.sns.SnsWasmCanister.ListDeployedSnsesResponse.class).instances()).isEmpty();
  }

  @Test
  void deleteInstance_listShowsDeleted_laterCallsGet404() throws IOException {
    instance();
    instance();
    assertThat(call("DELETE", "/instances/0", "").status()).isEqualTo(200);
    assertThat(ok("GET", "/instances", "").toString()).isEqualTo("[\"Deleted\",\"Available\"]");
    assertError(call("POST", "/instances/0/update/tick", "{}"), 404, "was deleted");
    assertThat(call("POST", "/instances/1/update/tick", "{}").status()).isEqualTo(200);
  }

  @Test
  void unknownEndpointsAndInstances_404WithMessage() throws IOException {
    assertError(call("GET", "/nope", ""), 404, "unknown endpoint");
    assertError(call("POST", "/instances/7/update/tick", "{}"), 404, "Instance 7 not found");
    assertError(call("POST", "/instances/x/update/tick", "{}"), 400, "must be a number");
    instance();
    assertError(call("POST", "/instances/0/update/no_such_op", "{}"), 404, "unknown endpoint");
    assertError(call("PUT", "/instances/0", ""), 404, "unknown endpoint");
    assertError(call("GET", "/read_graph/a/b", ""), 404, "completes every operation");
  }

  @Test
  void malformedJson_400MessageAndInstanceUnchanged() throws IOException {
    int inst = instance();
    long t = time(inst);
    assertError(call("POST", "/instances", "{bad"), 400, "malformed JSON");
    assertError(call("POST", "/instances/0/update/set_time", "{\"nanos_since_epoch\":"), 400,
        "malformed JSON");
    assertError(call("POST", "/instances/0/update/set_time", "{\"nanos_since_epoch\":\"x\"}"),
        400, "nanos_since_epoch");
    assertError(call("POST", "/instances/0/read/query",
        "{\"method\":\"get\",\"sender\":\"!!\"}"), 400,
        "not base64");
    assertThat(time(inst)).isEqualTo(t);
    assertThat(ok("GET", "/instances", "").size()).isEqualTo(1);
  }

  // ------------------------------------------------------------------ time

  @Test
  void time_setAdvanceTickAndCertified_moveForwardOnly() throws IOException {
    int inst = instance();
    long t0 = time(inst);
    ok("POST", "/instances/0/update/set_time", "{\"nanos_since_epoch\":" + (t0 + 5_000) + "}");
    assertThat(time(inst)).isEqualTo(t0 + 5_000);
    ok("POST", "/instances/0/update/tick", "{}");
    assertThat(time(inst)).isGreaterThan(t0 + 5_000);
    long t1 = time(inst);
    ok("POST", "/instances/0/update/set_certified_time", "{\"nanos_since_epoch\":"
        + (t1 + 1_000_000_000L) + "}");
    assertThat(time(inst)).isEqualTo(t1 + 1_000_000_000L);
    assertError(call("POST", "/instances/0/update/set_time", "{\"nanos_since_epoch\":" + t0
        + "}"), 400, "only be moved forward");
    assertThat(time(inst)).isEqualTo(t1 + 1_000_000_000L);
  }

  @Test
  void createInstance_initialTime_startsThere() throws IOException {
    JsonNode c = ok("POST", "/instances", ONE_APP.replace("}}",
        "},\"initial_time\":{\"Timestamp\":{\"nanos_since_epoch\":1700000000000000000}}}"));
    assertThat(time(c.path("Created").path("instance_id").asInt()))
        .isEqualTo(1_700_000_000_000_000_000L);
  }

  // ------------------------------------------------------------------ canisters

  @Test
  void updateAndQuery_withSender_counterCountsAndControllersAreTheSender() throws IOException {
    int inst = instance();
    Principal alice = Principal.selfAuthenticating(new byte[] {1, 2, 3});
    Principal id = counter(inst, alice);
    JsonNode inc = update(inst, Principal.anonymous(), id, "inc", NO_ARGS, "\"None\"");
    assertThat(inc.has("Ok")).as(inc.toString()).isTrue();
    JsonNode get = ok("POST", "/instances/0/read/query",
        callJson(Principal.anonymous(), id, "get", NO_ARGS, "\"None\""));
    assertThat(HexFormat.of().formatHex(Base64.getDecoder().decode(get.path("Ok").asText())))
        .isEqualTo("4449444c00017d01");
    JsonNode controllers = ok("POST", "/instances/0/read/get_controllers",
        "{\"canister_id\":\"" + b64(id.toByteArray()) + "\"}");
    assertThat(controllers.size()).isEqualTo(1);
    assertThat(controllers.get(0).path("principal_id").asText())
        .isEqualTo(b64(alice.toByteArray()));
    JsonNode subnet = ok("POST", "/instances/0/read/get_subnet",
        "{\"canister_id\":\"" + b64(id.toByteArray()) + "\"}");
    assertThat(subnet.path("subnet_id").asText()).isNotEmpty();
    // A sender that does not control the canister cannot reinstall it.
    JsonNode refused = update(inst, Principal.anonymous(), Principal.managementCanister(),
        "install_code", ManagementApi.encode(new ManagementApi.InstallCodeArgs(
            new ManagementApi.InstallMode.Reinstall(), id,
            org.jicp.crypto.Bytes.of(motoko("counter")), org.jicp.crypto.Bytes.EMPTY,
            Optional.empty())), "\"None\"");
    assertThat(refused.path("Err").path("reject_message").asText()).containsIgnoringCase(
        "controller");
    assertThat(refused.path("Err").path("reject_code").asText()).isEqualTo("CanisterError");
  }

  @Test
  void submitThenIngressStatus_unknownUntilExecuted_thenReplied() throws IOException {
    int inst = instance();
    Principal id = counter(inst, Principal.anonymous());
    JsonNode sub = ok("POST", "/instances/0/update/submit_ingress_message",
        callJson(Principal.anonymous(), id, "inc", NO_ARGS, "\"None\""));
    String raw = "{\"raw_message_id\":" + sub.get("Ok") + ",\"raw_caller\":null}";
    assertThat(call("POST", "/instances/0/read/ingress_status", raw).bodyText())
        .isEqualTo("null");
    ok("POST", "/instances/0/update/tick", "{}");
    ok("POST", "/instances/0/update/tick", "{}");
    JsonNode st = ok("POST", "/instances/0/read/ingress_status", raw);
    assertThat(HexFormat.of().formatHex(Base64.getDecoder().decode(st.path("Ok").asText())))
        .isEqualTo("4449444c0000");
    String other = "{\"raw_message_id\":" + sub.get("Ok") + ",\"raw_caller\":{\"principal_id\":\""
        + b64(Principal.selfAuthenticating(new byte[] {9}).toByteArray()) + "\"}}";
    assertError(call("POST", "/instances/0/read/ingress_status", other), 403, "not signed");
  }

  /**
   * Deterministic time slicing behind the PocketIC API: {@code looper.spin} of some 4.7B
   * instructions (three of the IC's 2B slices) is still running after the ticks that answer a
   * short update, while queries answer from the state before it; a later tick completes it.
   */
  @Test
  void slicedUpdate_queriesAnsweredWhilePaused_thenCompletes() throws IOException {
    int inst = instance();
    Principal looper = installedMotoko(inst, Principal.anonymous(), "looper");
    Principal counter = counter(inst, Principal.anonymous());
    byte[] spin = java.nio.ByteBuffer.allocate(15).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .put(HexFormat.of().parseHex("4449444c000178")).putLong(100_000_000L).array();
    JsonNode sub = ok("POST", "/instances/" + inst + "/update/submit_ingress_message",
        callJson(Principal.anonymous(), looper, "spin", spin, "\"None\""));
    String raw = "{\"raw_message_id\":" + sub.get("Ok") + ",\"raw_caller\":null}";
    ok("POST", "/instances/" + inst + "/update/tick", "{}");
    ok("POST", "/instances/" + inst + "/update/tick", "{}");
    // Two ticks answer an inc (submitThenIngressStatus...): this one has only its first slice.
    assertThat(call("POST", "/instances/" + inst + "/read/ingress_status", raw).bodyText())
        .isEqualTo("null");
    JsonNode last = ok("POST", "/instances/" + inst + "/read/query",
        callJson(Principal.anonymous(), looper, "last", NO_ARGS, "\"None\""));
    assertThat(HexFormat.of().formatHex(Base64.getDecoder().decode(last.path("Ok").asText())))
        .isEqualTo("4449444c0001780000000000000000");
    JsonNode get = ok("POST", "/instances/" + inst + "/read/query",
        callJson(Principal.anonymous(), counter, "get", NO_ARGS, "\"None\""));
    assertThat(HexFormat.of().formatHex(Base64.getDecoder().decode(get.path("Ok").asText())))
        .isEqualTo("4449444c00017d00");
    JsonNode st = null;
    for (int i = 0; i < 5 && (st == null || st.isNull()); i++) {
      ok("POST", "/instances/" + inst + "/update/tick", "{}");
      st = ok("POST", "/instances/" + inst + "/read/ingress_status", raw);
    }
    byte[] reply = Base64.getDecoder().decode(st.path("Ok").asText());
    java.nio.ByteBuffer r = java.nio.ByteBuffer.wrap(reply, reply.length - 16, 16)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    long acc = r.getLong();
    long instructions = r.getLong();
    assertThat(instructions).isGreaterThan(4_000_000_000L);
    last = ok("POST", "/instances/" + inst + "/read/query",
        callJson(Principal.anonymous(), looper, "last", NO_ARGS, "\"None\""));
    byte[] lastReply = Base64.getDecoder().decode(last.path("Ok").asText());
    assertThat(java.nio.ByteBuffer.wrap(lastReply, lastReply.length - 8, 8)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(acc);
  }

  @Test
  void missingMethod_isDestinationInvalidReject() throws IOException {
    int inst = instance();
    Principal id = counter(inst, Principal.anonymous());
    JsonNode r = update(inst, Principal.anonymous(), id, "no_such_method", NO_ARGS, "\"None\"");
    assertThat(r.path("Err").path("reject_code").asText()).isEqualTo("DestinationInvalid");
    assertThat(r.path("Err").path("error_code").asText()).isEqualTo("CanisterMethodNotFound");
  }

  @Test
  void effectiveCanisterOutsideEveryRange_400AndNothingChanged() throws IOException {
    int inst = instance();
    long t = time(inst);
    Principal outside = Principal.fromBytes(new byte[] {(byte) 0xff, (byte) 0xff, 0, 0, 0, 0, 0,
        0, 1, 1});
    String body = callJson(Principal.anonymous(), Principal.managementCanister(),
        "provisional_create_canister_with_cycles", ManagementApi.encode(
            new ManagementApi.ProvisionalCreateCanisterArgs(Optional.empty(), Optional.empty(),
                Optional.of(outside), Optional.empty())), "\"None\"");
    assertError(call("POST", "/instances/0/update/submit_ingress_message", body), 400,
        "does not belong to any subnet");
    assertError(call("POST", "/instances/0/read/get_cycles", "{\"canister_id\":\""
        + b64(outside.toByteArray()) + "\"}"), 400, "does not belong to any subnet");
    assertError(call("POST", "/instances/0/update/submit_ingress_message",
        callJson(Principal.anonymous(), outside, "m", NO_ARGS, "{\"SubnetId\":\""
            + b64(outside.toByteArray()) + "\"}")), 400, "is not a subnet of this instance");
    assertThat(time(inst)).isEqualTo(t);
  }

  @Test
  void specifiedId_createdThere_duplicateRejectedAndNothingChanged() throws IOException {
    int inst = instance();
    String ecid = ok("GET", "/instances/0/_/topology", "").path("default_effective_canister_id")
        .path("canister_id").asText();
    byte[] wanted = Base64.getDecoder().decode(ecid);
    wanted[7] = (byte) 0x80;
    Principal target = Principal.fromBytes(wanted);
    byte[] arg = ManagementApi.encode(new ManagementApi.ProvisionalCreateCanisterArgs(
        Optional.of(BigInteger.valueOf(5_000_000_000_000L)), Optional.empty(),
        Optional.of(target), Optional.empty()));
    JsonNode first = update(inst, Principal.anonymous(), Principal.managementCanister(),
        "provisional_create_canister_with_cycles", arg, "\"None\"");
    assertThat(ManagementApi.decode(Base64.getDecoder().decode(first.path("Ok").asText()),
        ManagementApi.CanisterIdResult.class).canisterId()).isEqualTo(target);
    String cycles = "{\"canister_id\":\"" + b64(target.toByteArray()) + "\"}";
    JsonNode before = ok("POST", "/instances/0/read/get_cycles", cycles);
    JsonNode second = update(inst, Principal.anonymous(), Principal.managementCanister(),
        "provisional_create_canister_with_cycles", arg, "\"None\"");
    assertThat(second.path("Err").path("error_code").asText()).isEqualTo("CanisterIdAlreadyExists");
    assertThat(ok("POST", "/instances/0/read/get_cycles", cycles)).isEqualTo(before);
  }

  @Test
  void cyclesAndStableMemory_readTopUpAndSet() throws IOException {
    int inst = instance();
    Principal id = counter(inst, Principal.anonymous());
    String cid = "{\"canister_id\":\"" + b64(id.toByteArray()) + "\"}";
    BigInteger before = ok("POST", "/instances/0/read/get_cycles", cid).path("cycles")
        .bigIntegerValue();
    BigInteger after = ok("POST", "/instances/0/update/add_cycles", "{\"canister_id\":\""
        + b64(id.toByteArray()) + "\",\"amount\":1000000000000}").path("cycles")
        .bigIntegerValue();
    assertThat(after.subtract(before)).isGreaterThan(BigInteger.valueOf(990_000_000_000L));
    byte[] blob = new byte[70_000];
    java.util.Arrays.fill(blob, (byte) 7);
    IcHttpApi.Answer up = server.handle("POST", "/blobstore", blob);
    String blobId = up.bodyText();
    ok("POST", "/instances/0/update/set_stable_memory", "{\"canister_id\":\""
        + b64(id.toByteArray()) + "\",\"blob_id\":\"" + b64(HexFormat.of().parseHex(blobId))
        + "\"}");
    byte[] mem = Base64.getDecoder().decode(ok("POST", "/instances/0/read/get_stable_memory",
        cid).path("blob").asText());
    assertThat(mem.length).isEqualTo(2 * 65536);
    assertThat(mem[0]).isEqualTo((byte) 7);
    assertThat(mem[69_999]).isEqualTo((byte) 7);
    assertThat(mem[70_000]).isZero();
    assertError(call("POST", "/instances/0/update/set_stable_memory", "{\"canister_id\":\""
        + b64(id.toByteArray()) + "\",\"blob_id\":\"AAAA\"}"), 400, "blob not found");
  }

  // ------------------------------------------------------------------ over HTTP, and the command

  @Test
  void overHttp_malformedRequests_4xxAndServerKeepsServing() throws Exception {
    try (IcHttpServer http = server.start(IcHttpServer.builder())) {
      Http bad = http("POST", http.url() + "/instances", "[1,");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.body()).startsWith("{\"message\":\"malformed JSON");
      assertThat(http("GET", http.url() + "/instances/3/read/get_time", null).status())
          .isEqualTo(404);
      Http good = http("POST", http.url() + "/instances", ONE_APP);
      assertThat(good.status()).isEqualTo(201);
      assertThat(good.body()).contains("\"instance_id\":0");
      assertThat(http("GET", http.url() + "/instances/0/api/v2/status", null).status())
          .isEqualTo(200);
    }
  }

  @Test
  void main_portFileThenTtl_writesPortServesAndExits(@TempDir Path dir) throws Exception {
    Path portFile = dir.resolve("pocket_ic.port");
    CompletableFuture<Integer> started = new CompletableFuture<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
      try {
        return PocketIcMain.run(new String[] {"--port-file", portFile.toString(), "--ttl", "3"},
            new PrintStream(out, true, StandardCharsets.UTF_8), System.err, started::complete);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    int port = started.get(60, TimeUnit.SECONDS);
    assertThat(Files.readString(portFile)).isEqualTo(Integer.toString(port));
    assertThat(http("GET", "http://127.0.0.1:" + port + "/instances", null).body())
        .isEqualTo("[]");
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("no request for 3 s: exiting");
    assertThat(portFile).doesNotExist();
  }

  @Test
  void main_badArguments_exit2WithMessage() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(PocketIcMain.run(new String[] {"--ttl", "x"}, System.out, e)).isEqualTo(2);
    assertThat(PocketIcMain.run(new String[] {"--frobnicate"}, System.out, e)).isEqualTo(2);
    assertThat(PocketIcMain.run(new String[] {"--port-file"}, System.out, e)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("needs a number")
        .contains("unknown argument '--frobnicate'").contains("needs a value");
  }
}
