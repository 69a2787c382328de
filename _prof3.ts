import { generateComposition } from "./scripts/bench/compose.bench";
import { compose } from "@/server/domain/composition/compose";
import v8 from "node:v8"; import vm from "node:vm";
v8.setFlagsFromString("--expose-gc"); const gc = vm.runInNewContext("gc");
const n = Number(process.argv[2] ?? 200000), mods = Number(process.argv[3] ?? 50);
const input = generateComposition({ modules: mods, totalPaths: n });
for (let i = 0; i < 3; i++) compose(input);
const t: number[] = []; const c: number[] = [];
for (let i = 0; i < 25; i++) { gc(); const c0 = process.cpuUsage(); const t0 = performance.now(); compose(input); t.push(performance.now() - t0); const cu = process.cpuUsage(c0); c.push((cu.user + cu.system) / 1000); }
t.sort((a, b) => a - b); c.sort((a, b) => a - b);
console.log(`wall min ${t[0]!.toFixed(1)} median ${t[12]!.toFixed(1)} | cpu min ${c[0]!.toFixed(1)} median ${c[12]!.toFixed(1)}`);
