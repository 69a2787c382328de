import { generateComposition } from "./scripts/bench/compose.bench";
const input = generateComposition({ modules: 50, totalPaths: 200_000 });
const lists = input.modules.map(m => m.files!);
function bench(name: string, fn: () => number) {
  fn(); fn();
  const t: number[] = [];
  for (let i = 0; i < 11; i++) { const t0 = performance.now(); fn(); t.push(performance.now() - t0); }
  t.sort((a, b) => a - b); console.log(name.padEnd(30), t[5]!.toFixed(1), t.map(x=>x.toFixed(0)).join(","));
}
bench("baseline map.set", () => { const m = new Map<string, number>(); let i = 0; for (const l of lists) for (const p of l) m.set(p, i++); return m.size; });
bench("global get/set + dir", () => { const m = new Map<string, number>(); const paths: string[] = []; let cur = ""; let len = -2; let c = 0; for (const l of lists) for (let k = 0; k < l.length; k++) { const p = l[k]!; const s = p.lastIndexOf("/"); if (s !== len || p.substring(0, s) !== cur) { cur = p.slice(0, s); len = s; c++; } let id = m.get(p); if (id === undefined) { id = paths.length; m.set(p, id); paths.push(p); } } return c; });
bench("dir-grouped maps", () => {
  const dirs = new Map<string, Map<string, number>>(); const paths: string[] = []; let cur = ""; let len = -2; let dm: Map<string, number> | undefined;
  for (const l of lists) for (let k = 0; k < l.length; k++) { const p = l[k]!; const s = p.lastIndexOf("/"); if (s !== len || p.substring(0, s) !== cur) { cur = p.slice(0, s); len = s; dm = dirs.get(cur); if (dm === undefined) { dm = new Map(); dirs.set(cur, dm); } }
    let id = dm!.get(p); if (id === undefined) { id = paths.length; dm!.set(p, id); paths.push(p); } } return paths.length; });
bench("set-size trick", () => { const m = new Map<string, number>(); const paths: string[] = []; for (const l of lists) for (let k = 0; k < l.length; k++) { const p = l[k]!; const n = m.size; m.set(p, n); if (m.size !== n) paths.push(p); } return m.size; });
