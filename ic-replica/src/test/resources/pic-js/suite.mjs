// A pic-js 0.23.0 suite, run unmodified against whatever POCKET_IC_BIN names (jicp-pocket-ic in
// the build). Canisters: the harness Motoko canisters (HARNESS=<dir>/motoko/out/wasm32).
// Prints "STEP <name> OK|FAIL", "TIMING ..." lines and "pic-js suite: N steps passed".
import { PocketIc, PocketIcServer, createIdentity } from '@dfinity/pic';
import { IDL } from '@icp-sdk/core/candid';
import { Principal } from '@icp-sdk/core/principal';
import { HttpAgent, Actor } from '@icp-sdk/core/agent';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const wasmDir = process.env.HARNESS_WASM;
const counterWasm = join(wasmDir, 'counter.wasm');
const trapperWasm = join(wasmDir, 'trapper.wasm');
const counterIdl = ({ IDL }) => IDL.Service({
  inc: IDL.Func([], [], []),
  get: IDL.Func([], [IDL.Nat], ['query']),
  greet: IDL.Func([IDL.Text], [IDL.Text], ['query']),
});
const trapperIdl = ({ IDL }) => IDL.Service({ boom: IDL.Func([], [], []) });
const rounds = Number(process.env.TIMING_ROUNDS ?? '20');

let passed = 0;
let failed = 0;
async function step(name, fn) {
  const t = performance.now();
  try {
    await fn();
    passed++;
    console.log(`STEP ${name} OK (${(performance.now() - t).toFixed(0)} ms)`);
  } catch (e) {
    failed++;
    console.log(`STEP ${name} FAIL: ${e?.stack ?? e}`);
  }
}
function check(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
}
async function rejects(p, pattern) {
  try {
    await p;
  } catch (e) {
    check(pattern.test(String(e?.message ?? e)), `error "${e?.message}" matches ${pattern}`);
    return;
  }
  throw new Error(`expected an error matching ${pattern}`);
}
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const server = await PocketIcServer.start();
let pic;
let counter;
let counterId;

await step('create instance (one application subnet)', async () => {
  pic = await PocketIc.create(server.getUrl());
  const apps = await pic.getApplicationSubnets();
  check(apps.length === 1, 'one application subnet');
});

await step('setupCanister counter, update and query', async () => {
  const f = await pic.setupCanister({ idlFactory: counterIdl, wasm: counterWasm });
  counter = f.actor;
  counterId = f.canisterId;
  await counter.inc();
  await counter.inc();
  check((await counter.get()) === 2n, 'count is 2');
  check((await counter.greet('pic')) === 'Hello, pic!', 'greet');
});

await step('sender: controllers, identity calls, non-controller refused', async () => {
  const alice = createIdentity('alice');
  const bob = createIdentity('bob');
  const id = await pic.createCanister({ sender: alice.getPrincipal() });
  const controllers = await pic.getControllers(id);
  check(controllers.length === 1 && controllers[0].toText() === alice.getPrincipal().toText(),
      'alice controls');
  await rejects(pic.installCode({ canisterId: id, wasm: counterWasm, sender: bob.getPrincipal() }),
      /controller|Only controllers/i);
  await pic.installCode({ canisterId: id, wasm: counterWasm, sender: alice.getPrincipal() });
  const a = pic.createActor(counterIdl, id);
  a.setIdentity(bob);
  await a.inc();
  check((await a.get()) === 1n, 'bob incremented');
});

await step('upgrade keeps state, reinstall clears it', async () => {
  await pic.upgradeCanister({ canisterId: counterId, wasm: counterWasm });
  check((await counter.get()) === 2n, 'count survives upgrade');
  await pic.reinstallCode({ canisterId: counterId, wasm: counterWasm });
  check((await counter.get()) === 0n, 'count reset by reinstall');
});

await step('trap is a canister error', async () => {
  const f = await pic.setupCanister({ idlFactory: trapperIdl, wasm: trapperWasm });
  await rejects(f.actor.boom(), /trap|CanisterError|Canister called/i);
});

await step('time: get, advance, set, tick', async () => {
  const t0 = await pic.getTime();
  await pic.advanceTime(60_000);
  const t1 = await pic.getTime();
  check(t1 - t0 >= 60_000, `advanced by a minute (${t1 - t0} ms)`);
  await pic.setTime(t1 + 3_600_000);
  await pic.tick(3);
  const t2 = await pic.getTime();
  check(t2 >= t1 + 3_600_000, 'set an hour later');
  await pic.setCertifiedTime(t2 + 1000);
  check((await pic.getTime()) >= t2 + 1000, 'certified time set');
  await rejects(pic.setTime(t0), /forward|back|past/i);
});

await step('topology, subnet and default effective canister id', async () => {
  const topology = await pic.getTopology();
  check(topology.length === 1 && topology[0].type === 'Application', 'one Application subnet');
  const sid = await pic.getCanisterSubnetId(counterId);
  check(sid.toText() === topology[0].id.toText(), 'counter on the application subnet');
  const ecid = await pic.getDefaultEffectiveCanisterId();
  check(ecid.toText() === topology[0].canisterRanges[0].start.toText(), 'ecid is range start');
  const key = await pic.getPubKey(topology[0].id);
  check(key.length > 96, 'subnet public key');
});

await step('cycles: balance and top-up', async () => {
  const before = await pic.getCyclesBalance(counterId);
  check(before > 0, 'has cycles');
  const after = await pic.addCycles(counterId, 1_000_000);
  check(after >= before + 1_000_000n - 10_000_000n, `topped up (${before} -> ${after})`);
});

await step('stable memory get and set', async () => {
  const mem = await pic.getStableMemory(counterId);
  check(mem instanceof Uint8Array, 'stable memory bytes');
  const data = new Uint8Array(70000).fill(7);
  await pic.setStableMemory(counterId, data);
  const back = await pic.getStableMemory(counterId);
  check(back.length >= data.length && back[0] === 7 && back[69999] === 7, 'stable memory set');
});

await step('canister status and stop/start via the management canister', async () => {
  const st = await pic.canisterStatus({ canisterId: counterId });
  check('running' in st.status, 'running');
  await pic.stopCanister({ canisterId: counterId });
  const st2 = await pic.canisterStatus({ canisterId: counterId });
  check('stopped' in st2.status, 'stopped');
  await pic.startCanister({ canisterId: counterId });
});

await step('deferred actor: submit then await', async () => {
  const d = pic.createDeferredActor(counterIdl, counterId);
  const exec = await d.inc();
  await exec();
  check((await counter.get()) >= 1n, 'deferred inc ran');
});

await step('canister at a specified id and on a chosen subnet', async () => {
  const [app] = await pic.getApplicationSubnets();
  const byId = await pic.createCanister({ targetSubnetId: app.id });
  check((await pic.getCanisterSubnetId(byId)).toText() === app.id.toText(), 'on the subnet');
  const start = app.canisterRanges[0].start.toUint8Array();
  const wanted = new Uint8Array(start);
  wanted[7] = 0x80; // well inside the range, far from allocated ids
  const target = Principal.fromUint8Array(wanted);
  const got = await pic.createCanister({ targetCanisterId: target });
  check(got.toText() === target.toText(), `created at ${target.toText()}`);
  await rejects(pic.createCanister({ targetCanisterId: target }), /exist|already|in use/i);
});

await step('a canister id outside every range is refused', async () => {
  const outside = Principal.fromUint8Array(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 1, 1]));
  await rejects(pic.createCanister({ targetCanisterId: outside }), /any subnet|range/i);
});

await step('live mode: HTTP gateway serves agent calls', async () => {
  const port = await pic.makeLive();
  const agent = await HttpAgent.create({ host: `http://127.0.0.1:${port}`, shouldFetchRootKey: true });
  const a = Actor.createActor(counterIdl, { agent, canisterId: counterId });
  const before = await a.get();
  await a.inc();
  check((await a.get()) === before + 1n, 'live update through the gateway');
  await pic.stopLive();
});

await step('instances of other subnet kinds', async () => {
  const p2 = await PocketIc.create(server.getUrl(), {
    nns: { state: { type: 'new' } },
    system: [{ state: { type: 'new' } }],
    fiduciary: { state: { type: 'new' } },
    application: [{ state: { type: 'new' } }, { state: { type: 'new' } }],
  });
  const kinds = (await p2.getTopology()).map(s => s.type).sort();
  check(JSON.stringify(kinds) === JSON.stringify(['Application', 'Application', 'Fiduciary', 'NNS', 'System']),
      `kinds ${kinds}`);
  const nns = await p2.getNnsSubnet();
  const id = await p2.createCanister({ targetSubnetId: nns.id });
  check((await p2.getCanisterSubnetId(id)).toText() === nns.id.toText(), 'canister on the NNS');
  await p2.tearDown();
});

await step('timing: instance creation and update calls', async () => {
  const creates = [];
  for (let i = 0; i < Math.max(3, Math.floor(rounds / 2)); i++) {
    const t = performance.now();
    const p = await PocketIc.create(server.getUrl());
    creates.push(performance.now() - t);
    await p.tearDown();
  }
  const updates = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await counter.inc();
    updates.push(performance.now() - t);
  }
  const queries = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await counter.get();
    queries.push(performance.now() - t);
  }
  console.log(`TIMING create_median_ms=${median(creates).toFixed(1)} update_median_ms=${median(updates).toFixed(1)} query_median_ms=${median(queries).toFixed(1)} n_create=${creates.length} n_update=${updates.length}`);
});

await step('tearDown, then the client refuses', async () => {
  await pic.tearDown();
  await rejects(pic.tick(), /deleted/i);
});

await server.stop();
console.log(`pic-js suite: ${passed} steps passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
