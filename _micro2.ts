import { generateComposition } from "./scripts/bench/compose.bench";
const input = generateComposition({ modules: 50, totalPaths: 200_000 });
const lists = input.modules.map(m => m.files!);
function bench(name: string, fn: () => number) {
  fn(); fn();
  const t: number[] = [];
  for (let i = 0; i < 9; i++) { const t0 = performance.now(); fn(); t.push(performance.now() - t0); }
  t.sort((a, b) => a - b); console.log(name.padEnd(30), t[4]!.toFixed(1));
}
bench("startsWith", () => { let cur = ""; let len = -2; let c = 0; for (const l of lists) for (const p of l) { const s = p.lastIndexOf("/"); if (s !== len || !p.startsWith(cur)) { cur = p.slice(0, s); len = s; c++; } } return c; });
bench("reverse loop vs prev", () => { let prev = ""; let len = -2; let c = 0; for (const l of lists) for (const p of l) { const s = p.lastIndexOf("/"); let same = s === len; if (same) { for (let i = s - 1; i >= 0; i--) if (p.charCodeAt(i) !== prev.charCodeAt(i)) { same = false; break; } } if (!same) { len = s; c++; } prev = p; } return c; });
bench("substring ===", () => { let cur = ""; let len = -2; let c = 0; for (const l of lists) for (const p of l) { const s = p.lastIndexOf("/"); if (s !== len || p.substring(0, s) !== cur) { cur = p.slice(0, s); len = s; c++; } } return c; });
bench("startsWith flat cur", () => { let cur = ""; let len = -2; let c = 0; for (const l of lists) for (const p of l) { const s = p.lastIndexOf("/"); if (s !== len || !p.startsWith(cur)) { cur = [...p.slice(0, s)].join(""); len = s; c++; } } return c; });
bench("indexOf===0", () => { let cur = ""; let len = -2; let c = 0; for (const l of lists) for (const p of l) { const s = p.lastIndexOf("/"); if (s !== len || p.indexOf(cur) !== 0) { cur = p.slice(0, s); len = s; c++; } } return c; });
bench("no-op loop", () => { let c = 0; for (const l of lists) for (const p of l) { c += p.length; } return c; });
