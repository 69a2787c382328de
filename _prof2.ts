import { generateComposition } from "./scripts/bench/compose.bench";
import { compose } from "@/server/domain/composition/compose";
const input = generateComposition({ modules: 50, totalPaths: 200_000 });
for (let i = 0; i < 3; i++) compose(input);
const t = [];
for (let i = 0; i < 20; i++) { const t0 = performance.now(); compose(input); t.push(performance.now() - t0); }
console.log(t.map(x => x.toFixed(1)).join(" "));
