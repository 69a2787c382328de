import { generateComposition } from "./scripts/bench/compose.bench";
import { compose } from "@/server/domain/composition/compose";
const input = generateComposition({ modules: 50, totalPaths: 200000 });
for (let i = 0; i < 3; i++) compose(input);
console.log("---- start");
const t0 = performance.now(); compose(input); console.log("---- end", performance.now() - t0);
