package consumer;

import org.jicp.crypto.Principal;

/** A consumer program that uses ic-crypto, resolved through the BOM alone. */
public final class Main {
  public static void main(String[] args) {
    Principal p = Principal.fromText("ryjl3-tyaaa-aaaaa-aaaba-cai");
    if (!p.equals(Principal.canisterIdFromIndex(2))) {
      throw new AssertionError("principal round trip failed: " + p);
    }
    System.out.println("jicp-bom-consumer: ok");
  }
}
