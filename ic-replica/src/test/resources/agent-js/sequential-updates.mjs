// 100 sequential certified updates through DFINITY's agent-js (v3 call, BLS verification on),
// then one query (query-signature verification on); prints the elapsed time of the updates and,
// of it, the time agent-js spent in its own BLS certificate verification (its default blsVerify,
// timed by a wrapper: a certificate with an NNS delegation costs two verifications).
// Env: REPLICA_URL, CANISTER_ID (an installed counter), COUNT (default 100).
import { HttpAgent, Actor, blsVerify } from '@dfinity/agent';

const host = process.env.REPLICA_URL;
const canisterId = process.env.CANISTER_ID;
const count = Number(process.env.COUNT || '100');
const idl = ({ IDL }) => IDL.Service({
  inc: IDL.Func([], [], []),
  get: IDL.Func([], [IDL.Nat], ['query']),
});
const agent = await HttpAgent.create({ host, shouldFetchRootKey: true, verifyQuerySignatures: true });
let blsMs = 0;
let blsCount = 0;
const timedBlsVerify = async (pk, sig, msg) => {
  const t = performance.now();
  try {
    return await blsVerify(pk, sig, msg);
  } finally {
    blsMs += performance.now() - t;
    blsCount++;
  }
};
const actor = Actor.createActor(idl, { agent, canisterId, blsVerify: timedBlsVerify });
const before = await actor.get();
blsMs = 0;
blsCount = 0;
const t0 = performance.now();
for (let i = 0; i < count; i++) {
  await actor.inc();
}
const ms = performance.now() - t0;
const updateBlsMs = blsMs;
const updateBlsCount = blsCount;
const after = await actor.get();
if (after !== before + BigInt(count)) {
  console.log(`FAIL: get() went from ${before} to ${after}, expected +${count}`);
  process.exit(1);
}
console.log(`agent-js sequential updates: ${count} in ${ms.toFixed(0)} ms`
  + ` (agent-js BLS verification: ${updateBlsCount} in ${updateBlsMs.toFixed(0)} ms;`
  + ` the rest: ${(ms - updateBlsMs).toFixed(0)} ms)`);
