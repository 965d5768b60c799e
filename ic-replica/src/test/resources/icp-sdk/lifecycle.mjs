// A canister's life through @icp-sdk/core only (BLS and query signatures verified): create with
// provisional_create_canister_with_cycles on the subnet of DEFAULT_ECID, install, update, query,
// stop (calls rejected) / canister_status / start, read_state of module_hash and controllers,
// upgrade keeping stable memory (stable_store), a trap rolled back with reject code 5 (trapper).
// Env: REPLICA_URL, DEFAULT_ECID, COUNTER_WASM, STABLE_STORE_WASM, TRAPPER_WASM.
import { readFileSync } from 'node:fs';
import { HttpAgent, Actor, CanisterStatus } from '@icp-sdk/core/agent';
import { Ed25519KeyIdentity } from '@icp-sdk/core/identity';
import { Principal } from '@icp-sdk/core/principal';

const env = process.env;
let failures = 0;
const step = async (name, fn) => {
  try {
    const r = await fn();
    console.log(`STEP ${name} OK${r === undefined ? '' : ' -> ' + String(r)}`);
    return r;
  } catch (e) {
    failures++;
    console.log(`STEP ${name} FAIL: ${String(e?.message || e).split('\n')[0]}`);
    if (env.DEBUG) console.log(e);
  }
};
const expect = (cond, what) => { if (!cond) throw new Error(what); };

const management = ({ IDL }) => {
  const id = IDL.Record({ canister_id: IDL.Principal });
  return IDL.Service({
    provisional_create_canister_with_cycles: IDL.Func([IDL.Record({
      amount: IDL.Opt(IDL.Nat),
      settings: IDL.Opt(IDL.Record({ controllers: IDL.Opt(IDL.Vec(IDL.Principal)) })),
    })], [id], []),
    install_code: IDL.Func([IDL.Record({
      mode: IDL.Variant({ install: IDL.Null, reinstall: IDL.Null,
        upgrade: IDL.Opt(IDL.Record({ skip_pre_upgrade: IDL.Opt(IDL.Bool) })) }),
      canister_id: IDL.Principal, wasm_module: IDL.Vec(IDL.Nat8), arg: IDL.Vec(IDL.Nat8),
    })], [], []),
    stop_canister: IDL.Func([id], [], []),
    start_canister: IDL.Func([id], [], []),
    canister_status: IDL.Func([id], [IDL.Record({
      status: IDL.Variant({ running: IDL.Null, stopping: IDL.Null, stopped: IDL.Null }),
      module_hash: IDL.Opt(IDL.Vec(IDL.Nat8)),
    })], []),
  });
};
const counterIdl = ({ IDL }) => IDL.Service({
  inc: IDL.Func([], [], []), get: IDL.Func([], [IDL.Nat], ['query']) });
const stableIdl = ({ IDL }) => IDL.Service({
  put: IDL.Func([IDL.Text], [IDL.Nat], []), entries: IDL.Func([], [IDL.Vec(IDL.Text)], ['query']),
  upgrades: IDL.Func([], [IDL.Nat], ['query']) });
const trapperIdl = ({ IDL }) => IDL.Service({
  bump: IDL.Func([], [IDL.Nat], []), bumpThenTrap: IDL.Func([], [], []),
  get: IDL.Func([], [IDL.Nat], ['query']) });

const identity = Ed25519KeyIdentity.generate(new Uint8Array(32).fill(11));
const agent = await HttpAgent.create({ host: env.REPLICA_URL, identity, shouldFetchRootKey: true,
  verifyQuerySignatures: true, retryTimes: 0 });
const ic = (ecid) => Actor.createActor(management, { agent,
  canisterId: Principal.managementCanister(), effectiveCanisterId: ecid });
const create = async () => (await ic(Principal.fromText(env.DEFAULT_ECID))
  .provisional_create_canister_with_cycles({ amount: [], settings: [] })).canister_id;
const install = (id, wasm, mode) => ic(id).install_code({ mode, canister_id: id,
  wasm_module: readFileSync(wasm), arg: new Uint8Array([0x44, 0x49, 0x44, 0x4c, 0, 0]) });

const counter = await step('create counter', create);
await step('install counter', () => install(counter, env.COUNTER_WASM, { install: null }));
const c = Actor.createActor(counterIdl, { agent, canisterId: counter });
await step('inc() then get() == 1', async () => { await c.inc(); const v = await c.get();
  expect(v === 1n, 'got ' + v); return v; });
await step('stop_canister', () => ic(counter).stop_canister({ canister_id: counter }));
await step('inc() on a stopped canister is rejected', async () => {
  let rejected = false;
  try { await c.inc(); } catch (e) { rejected = true; }
  expect(rejected, 'not rejected');
});
await step('canister_status says stopped', async () => {
  const s = await ic(counter).canister_status({ canister_id: counter });
  expect('stopped' in s.status, JSON.stringify(Object.keys(s.status)));
  return Buffer.from(s.module_hash[0]).toString('hex');
});
await step('start_canister, inc() then get() == 2', async () => {
  await ic(counter).start_canister({ canister_id: counter });
  await c.inc(); const v = await c.get(); expect(v === 2n, 'got ' + v); return v;
});
await step('read_state module_hash and controllers', async () => {
  const m = await CanisterStatus.request({ canisterId: counter, agent,
    paths: ['module_hash', 'controllers'] });
  const controllers = m.get('controllers').map((p) => p.toText());
  expect(controllers.includes(identity.getPrincipal().toText()), 'controllers ' + controllers);
  return m.get('module_hash');
});

const store = await step('create stable_store', create);
await step('install stable_store, put a, put b', async () => {
  await install(store, env.STABLE_STORE_WASM, { install: null });
  const s = Actor.createActor(stableIdl, { agent, canisterId: store });
  await s.put('a'); await s.put('b');
});
await step('upgrade keeps stable state', async () => {
  await install(store, env.STABLE_STORE_WASM, { upgrade: [] });
  const s = Actor.createActor(stableIdl, { agent, canisterId: store });
  const u = await s.upgrades(); const e = await s.entries();
  expect(u === 1n && e.join(',') === 'a,b', `upgrades ${u} entries ${e}`);
  return e.join(',');
});

const trapperId = await step('create trapper', create);
await step('trap rejected with code 5 and rolled back', async () => {
  await install(trapperId, env.TRAPPER_WASM, { install: null });
  const t = Actor.createActor(trapperIdl, { agent, canisterId: trapperId });
  await t.bump();
  let code;
  try { await t.bumpThenTrap(); } catch (e) { code = e?.cause?.reject_code ?? e?.reject_code ?? e?.props?.reject_code ?? (String(e).match(/[Rr]eject code:? *(\d)/) || [])[1]; }
  expect(String(code) === '5' || code === 5, 'reject code ' + code);
  const v = await t.get(); expect(v === 1n, 'get after the trap ' + v);
});

console.log(failures === 0 ? 'lifecycle: all steps passed' : `lifecycle: ${failures} step(s) failed`);
process.exit(failures === 0 ? 0 : 1);
