package org.jicp.state.replicated;

import java.util.Objects;
import org.jicp.crypto.Bytes;

/**
 * A custom section {@code icp:public <name>} or {@code icp:private <name>} of a canister's
 * module, certified at {@code /canister/<id>/metadata/<name>}; private ones are readable only by
 * the canister's controllers.
 *
 * @param isPublic whether the section is {@code icp:public}
 * @param content its bytes
 */
public record CustomSection(boolean isPublic, Bytes content) {
  /** Validates the component. */
  public CustomSection {
    Objects.requireNonNull(content, "content");
  }
}
