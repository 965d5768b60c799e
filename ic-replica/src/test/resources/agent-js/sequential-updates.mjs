// 100 sequential certified updates through DFINITY's agent-js (v3 call, BLS verification on),
// then one query (query-signature verification on); prints the elapsed time of the updates.
// Env: REPLICA_URL, CANISTER_ID (an installed counter), COUNT (default 100).
import { HttpAgent, Actor } from '@dfinity/agent';

const host = process.env.REPLICA_URL;
const canisterId = process.env.CANISTER_ID;
const count = Number(process.env.COUNT || '100');
const idl = ({ IDL }) => IDL.Service({
  inc: IDL.Func([], [], []),
  get: IDL.Func([], [IDL.Nat], ['query']),
});
const agent = await HttpAgent.create({ host, shouldFetchRootKey: true, verifyQuerySignatures: true });
const actor = Actor.createActor(idl, { agent, canisterId });
const before = await actor.get();
const t0 = performance.now();
for (let i = 0; i < count; i++) {
  await actor.inc();
}
const ms = performance.now() - t0;
const after = await actor.get();
if (after !== before + BigInt(count)) {
  console.log(`FAIL: get() went from ${before} to ${after}, expected +${count}`);
  process.exit(1);
}
console.log(`agent-js sequential updates: ${count} in ${ms.toFixed(0)} ms`);
