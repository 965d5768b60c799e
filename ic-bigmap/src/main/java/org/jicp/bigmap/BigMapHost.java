package org.jicp.bigmap;

import java.util.List;
import org.jicp.crypto.Principal;
import org.jicp.types.CanisterId;
import org.jicp.types.SubnetId;

/**
 * What the BigMap client needs from an IC: update and query calls, management calls, and the
 * subnets where buckets may live. {@code org.jicp.replica.Replica} implements it (in process),
 * and so does the {@code jicp bigmap} command's HTTP agent. Rejected calls throw an unchecked
 * exception whose message is the reject's.
 */
public interface BigMapHost {
  /** A subnet for buckets and an effective canister id that routes creation calls to it. */
  record HostSubnet(SubnetId id, CanisterId effective) {}

  /** An update call, run to its certified result: the reply's bytes. */
  byte[] update(Principal sender, CanisterId canister, String method, byte[] arg);

  /** A query call: the reply's bytes. */
  byte[] query(Principal sender, CanisterId canister, String method, byte[] arg);

  /** A call of management method {@code method}, routed by {@code effective}. */
  byte[] callManagement(Principal sender, CanisterId effective, String method, byte[] arg);

  /** The subnets that take buckets (application subnets), in order. */
  List<HostSubnet> bigMapSubnets();
}
