import { generateComposition } from "./scripts/bench/compose.bench";
const input = generateComposition({ modules: 50, totalPaths: 200_000 });
const lists = input.modules.map(m => m.files!);
function bench(name: string, fn: () => number) {
  fn(); fn();
  const t: number[] = [];
  for (let i = 0; i < 7; i++) { const t0 = performance.now(); fn(); t.push(performance.now() - t0); }
  t.sort((a, b) => a - b); console.log(name.padEnd(30), t[3]!.toFixed(1));
}
bench("map.set", () => { const m = new Map<string, number>(); let i = 0; for (const l of lists) for (const p of l) m.set(p, i++); return m.size; });
bench("get/set intern", () => { const m = new Map<string, number>(); const paths: string[] = []; for (const l of lists) for (const p of l) { let id = m.get(p); if (id === undefined) { id = paths.length; m.set(p, id); paths.push(p); } } return m.size; });
bench("lastIndexOf+startsWith", () => { let cur = ""; let len = -2; let c = 0; for (const l of lists) for (const p of l) { const s = p.lastIndexOf("/"); if (s !== len || !p.startsWith(cur)) { cur = p.slice(0, s); len = s; c++; } } return c; });
bench("intern + dir", () => { const m = new Map<string, number>(); const paths: string[] = []; let cur = ""; let len = -2; let c = 0; for (const l of lists) for (let k = 0; k < l.length; k++) { const p = l[k]!; const s = p.lastIndexOf("/"); if (s !== len || !p.startsWith(cur)) { cur = p.slice(0, s); len = s; c++; } let id = m.get(p); if (id === undefined) { id = paths.length; m.set(p, id); paths.push(p); } } return c; });
bench("lastIndexOf only", () => { let c = 0; for (const l of lists) for (const p of l) c += p.lastIndexOf("/"); return c; });
bench("dir changes count", () => { let cur = ""; let len = -2; let c = 0; for (const l of lists) for (const p of l) { const s = p.lastIndexOf("/"); if (s !== len || !p.startsWith(cur)) { cur = p.slice(0, s); len = s; c++; } } console.log("changes", c); return c; });
bench("charcode scan", () => { let c = 0; for (const l of lists) for (const p of l) { let s = p.length - 1; while (s >= 0 && p.charCodeAt(s) !== 47) s--; c += s; } return c; });
bench("intern only (again)", () => { const m = new Map<string, number>(); const paths: string[] = []; for (const l of lists) for (const p of l) { let id = m.get(p); if (id === undefined) { id = paths.length; m.set(p, id); paths.push(p); } } return m.size; });
