// The next-generation IC agent, @icp-sdk/core (v4 call, v3 query and read_state, canister ranges
// proven by /canister_ranges/<subnet>), against a replica: BLS and query-signature verification
// on. Env: REPLICA_URL, CANISTER_ID (an installed counter), EXPECT (get() after two inc()).
import { HttpAgent, Actor, CanisterStatus } from '@icp-sdk/core/agent';
import { Ed25519KeyIdentity } from '@icp-sdk/core/identity';

const host = process.env.REPLICA_URL;
const canisterId = process.env.CANISTER_ID;
const idl = ({ IDL }) => IDL.Service({
  inc: IDL.Func([], [], []),
  get: IDL.Func([], [IDL.Nat], ['query']),
  greet: IDL.Func([IDL.Text], [IDL.Text], ['query']),
});
let failures = 0;
const step = async (name, fn) => {
  try {
    const r = await fn();
    console.log(`STEP ${name} OK${r === undefined ? '' : ' -> ' + String(r)}`);
    return r;
  } catch (e) {
    failures++;
    console.log(`STEP ${name} FAIL: ${String(e?.message || e).split('\n')[0]}`);
    if (process.env.DEBUG) console.log(e);
  }
};
const identity = Ed25519KeyIdentity.generate(new Uint8Array(32).fill(9));
const agent = await HttpAgent.create({ host, identity, shouldFetchRootKey: true,
  verifyQuerySignatures: true, retryTimes: 0 });
const actor = Actor.createActor(idl, { agent, canisterId });
await step('update inc() #1', () => actor.inc());
await step('update inc() #2', () => actor.inc());
const got = await step('query get()', () => actor.get());
if (process.env.EXPECT !== undefined && got !== BigInt(process.env.EXPECT)) {
  failures++;
  console.log(`STEP check get() == ${process.env.EXPECT} FAIL (got ${got})`);
}
await step('query greet()', () => actor.greet('icp-sdk'));
await step('CanisterStatus.request(time, module_hash, subnet)', async () => {
  const m = await CanisterStatus.request({ canisterId, agent, paths: ['time', 'module_hash', 'subnet'] });
  if (m.get('time') == null || m.get('module_hash') == null || m.get('subnet') == null) {
    throw new Error('missing values');
  }
  return m.get('module_hash');
});
console.log(failures === 0 ? 'icp-sdk client: all steps passed' : `icp-sdk client: ${failures} step(s) failed`);
process.exit(failures === 0 ? 0 : 1);
