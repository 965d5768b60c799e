package org.jicp.replica.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.CryptoException;
import org.jicp.crypto.Principal;
import org.jicp.types.CanisterId;
import org.jicp.state.MalformedEncodingException;
import org.jicp.state.certification.Certificate;
import org.jicp.state.certification.CertificateSignatureVerifier;
import org.jicp.state.certification.CertificateVerification;
import org.jicp.state.certification.CertificateVerifier;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.state.tree.LookupResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jicp cert verify …}: verify an IC certificate and look up paths in it. */
@Command(
    name = "cert",
    description = "IC certificates.",
    subcommands = {CertCommand.Verify.class})
final class CertCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /**
   * Verifies a certificate. Prints {@code valid}, {@code time <RFC3339>} and one line per lookup
   * ({@code <path> found <hex>}, {@code <path> absent}, {@code <path> unknown}, {@code <path>
   * error}); exit 0. A certificate that does not verify — bad signature, broken delegation,
   * canister outside the delegation's ranges, no {@code /time}, or {@code /time} outside the
   * freshness window — prints {@code invalid: <reason>} on stdout, exit 1. Input that cannot be
   * read at all (not CBOR, a bad root key or option) prints {@code error: <message>} on stderr,
   * exit 2.
   *
   * <p>Freshness, as agents check it: {@code /time} must lie within {@code --max-age-seconds}
   * (default 300) of now, in either direction; now is the system clock unless {@code --now} gives
   * it. The delegation's own certificate is not held to the window.
   */
  @Command(name = "verify", description = "Verify a certificate (CBOR, raw or hex) and look up paths.")
  static final class Verify implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--root-key", required = true, paramLabel = "HEX",
        description = "root key: 133-byte DER or raw 96-byte G2 key, in hex")
    String rootKey;

    @Option(names = "--cert", required = true, paramLabel = "FILE",
        description = "the certificate's CBOR bytes, raw or as hex text")
    Path cert;

    @Option(names = "--canister-id", paramLabel = "TEXT",
        description = "effective canister id: must lie in the delegation's canister ranges")
    String canisterId;

    @Option(names = "--now", paramLabel = "RFC3339",
        description = "the instant /time is checked against (default: the system clock)")
    String now;

    @Option(names = "--max-age-seconds", paramLabel = "N",
        description = "how far /time may be from now, either way (default 300, as agents)")
    long maxAgeSeconds = CertificateVerifier.DEFAULT_MAX_AGE.toSeconds();

    @Option(names = "--lookup", paramLabel = "PATH",
        description = "a /-separated path; each label UTF-8 text, 0x-hex, or a principal's text")
    List<String> lookups = new ArrayList<>();

    @Override
    public Integer call() {
      if (maxAgeSeconds < 0) {
        throw new ParameterException(spec.commandLine(), "--max-age-seconds must not be negative");
      }
      ThresholdPublicKey key = ThresholdPublicKey.parse(Bytes.parseHex(rootKey));
      Certificate c = Certificate.decode(readCertificate(cert));
      List<List<Bytes>> paths = new ArrayList<>();
      for (String p : lookups) {
        paths.add(parsePath(p));
      }
      CanisterId ecid = canisterId == null ? null : CanisterId.fromText(canisterId.strip());
      CertificateSignatureVerifier bls = CertificateSignatureVerifier.ic();
      Clock clock;
      if (now != null) {
        try {
          clock = Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
          throw new ParameterException(spec.commandLine(), "--now is not RFC 3339: " + now);
        }
      } else {
        clock = Clock.systemUTC(); // the command is the imperative shell: the wall clock is its input
      }
      CertificateVerifier v =
          CertificateVerifier.withFreshness(key, bls, clock, Duration.ofSeconds(maxAgeSeconds));
      CertificateVerification r = ecid == null ? v.verifyUnscoped(c) : v.verify(c, ecid);
      PrintWriter out = spec.commandLine().getOut();
      if (!r.isValid()) {
        out.println("invalid: " + r.reason().orElse("?"));
        out.flush();
        return CliErrors.INVALID;
      }
      out.println("valid");
      out.println("time " + DateTimeFormatter.ISO_INSTANT.format(r.time()));
      for (int i = 0; i < paths.size(); i++) {
        LookupResult lr = c.lookup(paths.get(i));
        String shown = lookups.get(i);
        switch (lr.status()) {
          case FOUND -> out.println(shown + " found " + lr.value().toHex());
          case ABSENT -> out.println(shown + " absent");
          case UNKNOWN -> out.println(shown + " unknown");
          default -> out.println(shown + " error");
        }
      }
      out.flush();
      return 0;
    }
  }

  /** The file's bytes: hex text if it is only hex digits (and whitespace), else raw CBOR. */
  static byte[] readCertificate(Path file) {
    byte[] raw;
    try {
      raw = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read certificate file " + file + ": " + e.getMessage(), e);
    }
    String text = new String(raw, StandardCharsets.ISO_8859_1).strip();
    if (!text.isEmpty() && text.replaceFirst("^0[xX]", "").matches("[0-9a-fA-F\\s]+")) {
      return Bytes.parseHex(text.replaceAll("\\s", ""));
    }
    if (raw.length == 0) {
      throw new MalformedEncodingException("certificate file " + file + " is empty");
    }
    return raw;
  }

  /**
   * A lookup path: {@code /}-separated labels; a label starting with {@code 0x} is hex, a label
   * that is a principal's canonical text is that principal's blob, any other label is UTF-8.
   */
  static List<Bytes> parsePath(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    List<Bytes> out = new ArrayList<>();
    if (p.isEmpty()) {
      return out;
    }
    for (String label : p.split("/", -1)) {
      if (label.startsWith("0x") || label.startsWith("0X")) {
        out.add(Bytes.fromHex(label));
      } else if (label.contains("-")) {
        try {
          out.add(Principal.fromText(label).bytes());
        } catch (CryptoException e) {
          out.add(Bytes.of(label.getBytes(StandardCharsets.UTF_8)));
        }
      } else {
        out.add(Bytes.of(label.getBytes(StandardCharsets.UTF_8)));
      }
    }
    return out;
  }
}
