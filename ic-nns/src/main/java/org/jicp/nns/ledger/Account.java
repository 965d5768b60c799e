package org.jicp.nns.ledger;

import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;

/**
 * An ICRC-1 account: an owner and an optional 32-byte subaccount (absent and all-zero are the same
 * account, the default one). Candid: {@code record { owner : principal; subaccount : opt blob }}.
 *
 * @param owner the principal that owns the account
 * @param subaccount the subaccount, 32 bytes if present
 */
public record Account(Principal owner, Optional<Bytes> subaccount) {
  /** Validates the components: a subaccount has 32 bytes. */
  public Account {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(subaccount, "subaccount");
    subaccount.ifPresent(s -> new Subaccount(s));
  }

  /** The default account of {@code owner}. */
  public static Account of(Principal owner) {
    return new Account(owner, Optional.empty());
  }

  /** The account of {@code owner} with subaccount {@code sub}. */
  public static Account of(Principal owner, Subaccount sub) {
    return new Account(owner, Optional.of(sub.bytes()));
  }

  /** The subaccount, the default one if absent. */
  public Subaccount effectiveSubaccount() {
    return subaccount.map(Subaccount::new).orElse(Subaccount.DEFAULT);
  }

  /** The legacy account identifier of this account. */
  public AccountIdentifier accountIdentifier() {
    return AccountIdentifier.of(owner, effectiveSubaccount());
  }

  /** Whether two accounts are the same (absent and all-zero subaccounts are equal). */
  public boolean sameAs(Account o) {
    return owner.equals(o.owner) && effectiveSubaccount().equals(o.effectiveSubaccount());
  }

  @Override
  public String toString() {
    return subaccount.isEmpty() || effectiveSubaccount().isDefault()
        ? owner.toText()
        : owner.toText() + "." + subaccount.get().toHex();
  }
}
