// agent-js 3.4.3 (unmodified, BLS and query-signature verification on): N sequential certified
// updates (counter.inc over /api/v3/.../call) against a running `jicp replica start`, with the
// time split three ways: the HTTP round trips of the calls as agent-js's fetch sees them (the
// replica's share, loopback included), agent-js's own BLS certificate verification (its default
// blsVerify, timed by a wrapper), and the rest (agent-js's request building, signing, CBOR and
// certificate lookups). Creates and installs its own counter on the subnet chosen by SUBNET.
// Env: REPLICA_URL, WASM (counter.wasm), N (default 100), SUBNET (index in /_/topology, default
// the last one: with nns,application an application subnet, certificates with an NNS delegation).
import { readFileSync } from 'node:fs';
import { HttpAgent, Actor, blsVerify } from '@dfinity/agent';
import { Principal } from '@dfinity/principal';

const host = process.env.REPLICA_URL;
const n = Number(process.env.N || '100');
const topo = await (await fetch(host + '/_/topology')).json();
const subnet = topo.subnets[Number(process.env.SUBNET ?? topo.subnets.length - 1)];
const ecid = Principal.fromText(subnet.canister_ranges[0].start);

let httpMs = 0;
let httpCount = 0;
const timedFetch = async (url, init) => {
  const t = performance.now();
  try {
    const r = await fetch(url, init);
    await r.clone().arrayBuffer(); // the whole body, as agent-js reads it
    return r;
  } finally {
    if (String(url).includes('/call')) {
      httpMs += performance.now() - t;
      httpCount++;
    }
  }
};
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
const agent = await HttpAgent.create({ host, shouldFetchRootKey: true,
  verifyQuerySignatures: true, fetch: timedFetch });

const mgmtIdl = ({ IDL }) => IDL.Service({
  provisional_create_canister_with_cycles: IDL.Func(
    [IDL.Record({ amount: IDL.Opt(IDL.Nat), specified_id: IDL.Opt(IDL.Principal) })],
    [IDL.Record({ canister_id: IDL.Principal })], []),
  install_code: IDL.Func([IDL.Record({
    mode: IDL.Variant({ install: IDL.Null }), canister_id: IDL.Principal,
    wasm_module: IDL.Vec(IDL.Nat8), arg: IDL.Vec(IDL.Nat8) })], [], []),
});
const mgmt = Actor.createActor(mgmtIdl, { agent, canisterId: Principal.managementCanister(),
  effectiveCanisterId: ecid });
const { canister_id } = await mgmt.provisional_create_canister_with_cycles(
  { amount: [10_000_000_000_000n], specified_id: [] });
await Actor.createActor(mgmtIdl, { agent, canisterId: Principal.managementCanister(),
  effectiveCanisterId: canister_id }).install_code({ mode: { install: null },
  canister_id, wasm_module: readFileSync(process.env.WASM), arg: new Uint8Array() });

const idl = ({ IDL }) => IDL.Service({
  inc: IDL.Func([], [], []),
  get: IDL.Func([], [IDL.Nat], ['query']),
});
const actor = Actor.createActor(idl, { agent, canisterId: canister_id, blsVerify: timedBlsVerify });
for (let i = 0; i < 5; i++) {
  await actor.inc(); // warm-up: the replica's JIT, agent-js's first certificate
}
const before = await actor.get();
blsMs = 0; blsCount = 0; httpMs = 0; httpCount = 0;
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  await actor.inc();
}
const ms = performance.now() - t0;
const after = await actor.get();
if (after !== before + BigInt(n)) {
  console.log(`FAIL: get() went from ${before} to ${after}, expected +${n}`);
  process.exit(1);
}
const rest = ms - httpMs - blsMs;
console.log(`subnet ${subnet.kind} ${subnet.id}: ${n} sequential updates in ${ms.toFixed(0)} ms`
  + ` (${(ms / n).toFixed(1)} ms each)`);
console.log(`  replica (call HTTP round trips, ${httpCount}): ${httpMs.toFixed(0)} ms`
  + ` (${(httpMs / Math.max(1, httpCount)).toFixed(1)} ms each)`);
console.log(`  agent-js BLS verification (${blsCount}): ${blsMs.toFixed(0)} ms`
  + ` (${(blsMs / Math.max(1, blsCount)).toFixed(1)} ms each)`);
console.log(`  agent-js, the rest: ${rest.toFixed(0)} ms (${(rest / n).toFixed(1)} ms each)`);
