package org.jicp.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jicp.crypto.Bytes;
import org.junit.jupiter.api.Test;

class TypesTest {
  @Test
  void errorCode_textAndRejectCode_followTheIcConvention() {
    assertThat(ErrorCode.CANISTER_CALLED_TRAP.text()).isEqualTo("IC0503");
    assertThat(ErrorCode.CANISTER_CALLED_TRAP.rejectCode()).isEqualTo(RejectCode.CANISTER_ERROR);
    assertThat(ErrorCode.CANISTER_NOT_FOUND.text()).isEqualTo("IC0301");
    assertThat(ErrorCode.CANISTER_NOT_FOUND.rejectCode()).isEqualTo(RejectCode.DESTINATION_INVALID);
    assertThat(ErrorCode.fromText("IC0207")).isEqualTo(ErrorCode.CANISTER_OUT_OF_CYCLES);
    for (ErrorCode c : ErrorCode.values()) {
      assertThat(ErrorCode.fromText(c.text())).isEqualTo(c);
      assertThat(c.rejectCode().code()).isEqualTo(c.number() / 100);
    }
    assertThatThrownBy(() -> ErrorCode.fromText("IC9999")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void subnetType_textAndProtoNumbers_roundTrip() {
    for (SubnetType t : SubnetType.values()) {
      assertThat(SubnetType.fromText(t.text())).isEqualTo(t);
      assertThat(SubnetType.fromProtoNumber(t.protoNumber())).isEqualTo(t);
    }
    assertThat(SubnetType.VERIFIED_APPLICATION.text()).isEqualTo("verified_application");
    assertThat(SubnetType.SYSTEM.feeScale(40)).containsExactly(0, 1);
    assertThat(SubnetType.APPLICATION.feeScale(34)).containsExactly(34, 13);
    assertThat(SubnetType.APPLICATION.feeScale(1)).containsExactly(13, 13);
    assertThatThrownBy(() -> SubnetType.fromProtoNumber(3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void messageId_isExactly32Bytes() {
    assertThat(MessageId.of(new byte[32]).toString()).hasSize(64);
    assertThatThrownBy(() -> new MessageId(Bytes.of(new byte[31])))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectCode_ofNumber_roundTrips() {
    for (RejectCode c : RejectCode.values()) {
      assertThat(RejectCode.of(c.code())).isEqualTo(c);
    }
    assertThatThrownBy(() -> RejectCode.of(7)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void height_andRegistryVersion_rejectNegativesAndOverflow() {
    assertThatThrownBy(() -> Height.of(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Height.of(Long.MAX_VALUE).increment()).isInstanceOf(ArithmeticException.class);
    assertThat(RegistryVersion.ZERO.next()).isEqualTo(RegistryVersion.of(1));
  }
}
