// agent-js's own BLS verification, alone in node: agent-js 3.4.3's blsVerify (@noble/curves
// bls12_381.verifyShortSignature, what Certificate.verify calls once per certificate and once per
// delegation) on a valid signature, timed after a warm-up. Prints the median and mean per call.
// Env: N (default 50).
import { blsVerify } from '@dfinity/agent';
import { bls12_381 } from '@noble/curves/bls12-381';

const n = Number(process.env.N || '50');
const sk = bls12_381.utils.randomPrivateKey();
const pk = bls12_381.getPublicKeyForShortSignatures(sk);
const msgs = [];
const sigs = [];
for (let i = 0; i < n + 5; i++) {
  const m = new TextEncoder().encode('\x1aic-state-root' + 'x'.repeat(32) + i);
  msgs.push(m);
  sigs.push(bls12_381.signShortSignature(bls12_381.shortSignatures
    ? bls12_381.shortSignatures.hash(m) : m, sk));
}
const pkBytes = pk.toRawBytes ? pk.toRawBytes() : pk;
const sigBytes = (s) => (s.toRawBytes ? s.toRawBytes() : s);
for (let i = 0; i < 5; i++) {
  if (!(await blsVerify(pkBytes, sigBytes(sigs[n + i]), msgs[n + i]))) {
    throw new Error('warm-up signature did not verify');
  }
}
const times = [];
for (let i = 0; i < n; i++) {
  const t = performance.now();
  const ok = await blsVerify(pkBytes, sigBytes(sigs[i]), msgs[i]);
  times.push(performance.now() - t);
  if (!ok) throw new Error('signature ' + i + ' did not verify');
}
times.sort((a, b) => a - b);
const mean = times.reduce((a, b) => a + b, 0) / n;
console.log(`agent-js blsVerify alone: ${n} calls, median ${times[n >> 1].toFixed(1)} ms,`
  + ` mean ${mean.toFixed(1)} ms, min ${times[0].toFixed(1)} ms`);
