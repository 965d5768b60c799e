// DFINITY's canister clients, unmodified, against jicp's NNS: @dfinity/ledger-icp (balances,
// transfer), @dfinity/nns (proposals, neurons from governance), @icp-sdk/canisters/ic-management
// (canister status, snapshots), @icp-sdk/canisters/ledger/cycles (withdraw). The canister is made
// through the cycles ledger's create_canister (a plain actor: the client has no such method).
// Env: REPLICA_URL, SEED_HEX (the funded Ed25519 identity's seed), EXPECT_E8S (its genesis ICP),
// COUNTER_WASM.
import { Actor, HttpAgent } from '@icp-sdk/core/agent';
import { IDL } from '@icp-sdk/core/candid';
import { Ed25519KeyIdentity } from '@icp-sdk/core/identity';
import { Principal } from '@icp-sdk/core/principal';
import { LedgerCanister, AccountIdentifier } from '@dfinity/ledger-icp';
import { GovernanceCanister } from '@dfinity/nns';
import { IcManagementCanister } from '@icp-sdk/canisters/ic-management';
import { CyclesLedgerCanister } from '@icp-sdk/canisters/ledger/cycles';

let failures = 0;
async function step(name, f) {
  try { const r = await f(); console.log(`PASS ${name}${r === undefined ? '' : ': ' + r}`); }
  catch (e) { failures++; console.log(` FAIL ${name}: ${e && e.stack || e}`); }
}
function check(cond, what) { if (!cond) throw new Error(what); }

const seed = Uint8Array.from(Buffer.from(process.env.SEED_HEX, 'hex'));
const identity = Ed25519KeyIdentity.generate(seed);
const agent = await HttpAgent.create({ host: process.env.REPLICA_URL, identity, shouldFetchRootKey: true });
const me = identity.getPrincipal();
const ledger = LedgerCanister.create({ agent });
const other = AccountIdentifier.fromPrincipal({ principal: Principal.fromText('2vxsx-fae') });
const mine = AccountIdentifier.fromPrincipal({ principal: me });

await step('ledger-icp accountBalance (certified) is the genesis balance', async () => {
  const b = await ledger.accountBalance({ accountIdentifier: mine, certified: true });
  check(b === BigInt(process.env.EXPECT_E8S), `balance ${b}`);
  return b;
});
await step('ledger-icp transactionFee', async () => {
  const fee = await ledger.transactionFee();
  check(fee === 10000n, `fee ${fee}`);
  return fee;
});
await step('ledger-icp transfer then both balances', async () => {
  const block = await ledger.transfer({ to: other, amount: 100_000_000n });
  const b = await ledger.accountBalance({ accountIdentifier: other, certified: true });
  const m = await ledger.accountBalance({ accountIdentifier: mine, certified: true });
  check(b === 100_000_000n, `to ${b}`);
  check(m === BigInt(process.env.EXPECT_E8S) - 100_010_000n, `from ${m}`);
  return `block ${block}`;
});
await step('ledger-icp icrc1Transfer', async () => {
  const block = await ledger.icrc1Transfer({ to: { owner: Principal.fromText('2vxsx-fae'), subaccount: [] }, amount: 5n });
  return `block ${block}`;
});

const governance = GovernanceCanister.create({ agent });
await step('nns listProposals (certified)', async () => {
  const r = await governance.listProposals({ certified: true, request: { limit: 10, beforeProposal: undefined,
    includeRewardStatus: [], excludeTopic: [], includeAllManageNeuronProposals: false, includeStatus: [] } });
  check(Array.isArray(r.proposals), 'proposals');
  return `${r.proposals.length} proposals`;
});
await step('nns listNeurons (certified)', async () => {
  const ns = await governance.listNeurons({ certified: true });
  check(Array.isArray(ns), 'neurons');
  return `${ns.length} neurons`;
});

const mgmt = IcManagementCanister.create({ agent });
let canisterId;
const cyclesLedgerId = Principal.fromText('um5iw-rqaaa-aaaaq-qaaba-cai');
await step('cycles ledger create_canister (actor)', async () => {
  const Settings = IDL.Record({ controllers: IDL.Opt(IDL.Vec(IDL.Principal)), compute_allocation: IDL.Opt(IDL.Nat),
    memory_allocation: IDL.Opt(IDL.Nat), freezing_threshold: IDL.Opt(IDL.Nat), reserved_cycles_limit: IDL.Opt(IDL.Nat) });
  const SubnetSelection = IDL.Variant({ Subnet: IDL.Record({ subnet: IDL.Principal }),
    Filter: IDL.Record({ subnet_type: IDL.Opt(IDL.Text) }) });
  const Args = IDL.Record({ from_subaccount: IDL.Opt(IDL.Vec(IDL.Nat8)), created_at_time: IDL.Opt(IDL.Nat64),
    amount: IDL.Nat, creation_args: IDL.Opt(IDL.Record({ settings: IDL.Opt(Settings), subnet_selection: IDL.Opt(SubnetSelection) })) });
  const Result = IDL.Variant({ Ok: IDL.Record({ block_id: IDL.Nat, canister_id: IDL.Principal }), Err: IDL.Reserved });
  const cl = Actor.createActor(() => IDL.Service({ create_canister: IDL.Func([Args], [Result], []) }),
    { agent, canisterId: cyclesLedgerId });
  const r = await cl.create_canister({ from_subaccount: [], created_at_time: [], amount: 2_000_000_000_000n, creation_args: [] });
  check('Ok' in r, JSON.stringify(r, (k, v) => typeof v === 'bigint' ? v.toString() : v));
  canisterId = r.Ok.canister_id;
  return canisterId.toText();
});
await step('cycles ledger client withdraw to the canister', async () => {
  const cl = CyclesLedgerCanister.create({ agent, canisterId: cyclesLedgerId });
  const r = await cl.withdraw({ to: canisterId, amount: 1_000_000_000_000n });
  const text = JSON.stringify(r, (k, v) => typeof v === 'bigint' ? v.toString() : v);
  check(!(r && typeof r === 'object' && 'Err' in r), text);
  return text;
});
await step('ic-management canisterStatus', async () => {
  const s = await mgmt.canisterStatus({ canisterId });
  check('running' in s.status, JSON.stringify(Object.keys(s.status)));
  check(s.settings.controllers.some(p => p.toText() === me.toText()), 'controller');
  check(s.cycles > 2_000_000_000_000n, `cycles ${s.cycles}`);
  return `cycles ${s.cycles}`;
});
let snapshotId;
await step('ic-management installCode (the harness counter)', async () => {
  const { readFileSync } = await import('node:fs');
  await mgmt.installCode({ mode: { install: null }, canisterId, arg: new Uint8Array([68, 73, 68, 76, 0, 0]),
    wasmModule: new Uint8Array(readFileSync(process.env.COUNTER_WASM)) });
  const s = await mgmt.canisterStatus({ canisterId });
  check(s.module_hash.length === 1, 'module hash');
});
await step('ic-management takeCanisterSnapshot and listCanisterSnapshots', async () => {
  await mgmt.stopCanister(canisterId);
  const snap = await mgmt.takeCanisterSnapshot({ canisterId });
  const list = await mgmt.listCanisterSnapshots({ canisterId });
  check(list.length === 1, `${list.length} snapshots`);
  snapshotId = snap.id;
  return `${list.length} snapshot(s)`;
});

console.log(failures === 0 ? 'dfinity clients: all steps passed' : `dfinity clients: ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
