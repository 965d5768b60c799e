package org.jicp.replica.http;

import org.jicp.state.certification.CanisterRange;

/**
 * The JSON of {@code GET /_/topology}: {@code {"root_key": "<DER hex>",
 * "default_effective_canister_id": "<principal>", "subnets": [{"id", "kind", "nodes",
 * "canister_ranges": [{"start", "end"}]}]}}, subnets in configured order.
 */
final class TopologyJson {
  private TopologyJson() {}

  static String of(IcBackend.Topology t) {
    StringBuilder b = new StringBuilder(512);
    b.append("{\"root_key\":\"").append(t.rootKeyDer().toHex()).append("\",");
    b.append("\"default_effective_canister_id\":\"")
        .append(t.defaultEffectiveCanisterId().principal().toText()).append("\",");
    b.append("\"subnets\":[");
    boolean firstSubnet = true;
    for (IcBackend.SubnetInfo s : t.subnets()) {
      b.append(firstSubnet ? "" : ",");
      firstSubnet = false;
      b.append("{\"id\":\"").append(s.id().principal().toText()).append("\",");
      b.append("\"kind\":\"").append(s.kind()).append("\",");
      b.append("\"nodes\":").append(s.nodes().size()).append(',');
      b.append("\"canister_ranges\":[");
      boolean firstRange = true;
      for (CanisterRange r : s.ranges().ranges()) {
        b.append(firstRange ? "" : ",");
        firstRange = false;
        b.append("{\"start\":\"").append(r.start().principal().toText()).append("\",\"end\":\"")
            .append(r.end().principal().toText()).append("\"}");
      }
      b.append("]}");
    }
    return b.append("]}").toString();
  }
}
