// The pic-js side of the speed comparison (run by run.sh): medians of PocketIc.create (one
// application subnet) and of counter.inc updates / counter.get queries through pic-js actors.
import { PocketIc, PocketIcServer } from '@dfinity/pic';
const idl = ({ IDL }) => IDL.Service({
  inc: IDL.Func([], [], []),
  get: IDL.Func([], [IDL.Nat], ['query']),
});
const n = Number(process.env.N ?? '50');
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const server = await PocketIcServer.start();
const creates = [];
for (let i = 0; i < Math.max(3, n / 5); i++) {
  const t = performance.now();
  const p = await PocketIc.create(server.getUrl());
  creates.push(performance.now() - t);
  await p.tearDown();
}
const pic = await PocketIc.create(server.getUrl());
const { actor } = await pic.setupCanister({ idlFactory: idl, wasm: `${process.env.HARNESS_WASM}/counter.wasm` });
for (let i = 0; i < n / 2; i++) await actor.inc(); // warm-up
const updates = [];
for (let i = 0; i < n; i++) { const t = performance.now(); await actor.inc(); updates.push(performance.now() - t); }
const queries = [];
for (let i = 0; i < n; i++) { const t = performance.now(); await actor.get(); queries.push(performance.now() - t); }
const ticks = [];
for (let i = 0; i < n; i++) { const t = performance.now(); await pic.tick(); ticks.push(performance.now() - t); }
console.log(`PICJS create_median_ms=${median(creates).toFixed(1)} update_median_ms=${median(updates).toFixed(2)} query_median_ms=${median(queries).toFixed(2)} tick_median_ms=${median(ticks).toFixed(2)} n_create=${creates.length} n=${n}`);
await pic.tearDown();
await server.stop();
