package org.jicp.nns.ledger;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidId;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Bytes;
import org.jicp.nns.internal.Hashing;

/**
 * The ICRC-3 {@code Value}: {@code variant { Blob : blob; Text : text; Nat : nat; Int : int;
 * Array : vec Value; Map : vec record { text; Value } }}, with the representation-independent hash
 * of ICRC-3 ("Value Hash", {@code HASHINGVALUES.md}).
 */
@CandidName("Value")
public sealed interface Icrc3Value {
  /** A blob. */
  record Blob(Bytes value) implements Icrc3Value {
    /** Validates the component. */
    public Blob {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A text. */
  record Text(String value) implements Icrc3Value {
    /** Validates the component. */
    public Text {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A natural number. */
  record Nat(BigInteger value) implements Icrc3Value {
    /** Validates the component: not negative. */
    public Nat {
      if (value.signum() < 0) {
        throw new IllegalArgumentException("Nat is negative: " + value);
      }
    }
  }

  /** An integer. */
  record Int(@CandidAs("int") BigInteger value) implements Icrc3Value {
    /** Validates the component. */
    public Int {
      Objects.requireNonNull(value, "value");
    }
  }

  /** An array. */
  record Array(List<Icrc3Value> value) implements Icrc3Value {
    /** Copies the component. */
    public Array {
      value = List.copyOf(value);
    }
  }

  /** A map (an ordered list of entries; the hash does not depend on the order). */
  record Map(List<Entry> value) implements Icrc3Value {
    /** Copies the component. */
    public Map {
      value = List.copyOf(value);
    }

    /** The value of {@code key}, if present. */
    public Optional<Icrc3Value> get(String key) {
      for (Entry e : value) {
        if (e.key().equals(key)) {
          return Optional.of(e.value());
        }
      }
      return Optional.empty();
    }
  }

  /** A map entry, Candid {@code record { text; Value }}. */
  record Entry(@CandidId(0) String key, @CandidId(1) Icrc3Value value) {
    /** Validates the components. */
    public Entry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /** A Nat. */
  static Icrc3Value nat(long unsigned) {
    return new Nat(unsigned >= 0 ? BigInteger.valueOf(unsigned) : new BigInteger(Long.toUnsignedString(unsigned)));
  }

  /** A Nat. */
  static Icrc3Value nat(BigInteger n) {
    return new Nat(n);
  }

  /** A Blob. */
  static Icrc3Value blob(Bytes b) {
    return new Blob(b);
  }

  /** A Text. */
  static Icrc3Value text(String s) {
    return new Text(s);
  }

  /**
   * The representation-independent hash of this value (ICRC-3 "Value Hash"): SHA-256 of the blob,
   * of the UTF-8 text, of the (S)LEB128 number; of the concatenated element hashes for an array;
   * of the sorted concatenated (key hash, value hash) pairs for a map.
   */
  default Bytes hash() {
    return Bytes.of(hashBytes(this, null, null));
  }

  /**
   * The hash of a map whose entry {@code knownKey} has the value hash {@code knownHash} (already
   * computed), without hashing that value again.
   */
  static byte[] mapHashWith(List<Entry> entries, String knownKey, byte[] knownHash) {
    return hashBytes(new Map(entries), knownKey, knownHash);
  }

  private static byte[] keyHash(String key) {
    return Hashing.sha256OfKey(key);
  }

  private static byte[] hashBytes(Icrc3Value v, String knownKey, byte[] knownHash) {
    if (v instanceof Blob b) {
      return Hashing.sha256(b.value().toByteArray());
    } else if (v instanceof Text t) {
      return Hashing.sha256(t.value().getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof Nat n) {
      return Hashing.sha256(Hashing.leb128(n.value()));
    } else if (v instanceof Int i) {
      return Hashing.sha256(Hashing.sleb128(i.value()));
    } else if (v instanceof Array a) {
      List<byte[]> hs = new ArrayList<>(a.value().size());
      for (Icrc3Value e : a.value()) {
        hs.add(hashBytes(e, null, null));
      }
      MessageDigest d = Hashing.sha256();
      hs.forEach(d::update);
      return d.digest();
    } else {
      Map m = (Map) v;
      List<byte[]> pairs = new ArrayList<>(m.value().size());
      for (Entry e : m.value()) {
        byte[] k = keyHash(e.key());
        byte[] h = e.key().equals(knownKey) ? knownHash : hashBytes(e.value(), null, null);
        byte[] pair = Arrays.copyOf(k, 64);
        System.arraycopy(h, 0, pair, 32, 32);
        pairs.add(pair);
      }
      pairs.sort(Arrays::compareUnsigned);
      MessageDigest d = Hashing.sha256();
      pairs.forEach(d::update);
      return d.digest();
    }
  }
}
