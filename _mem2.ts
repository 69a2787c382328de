import { runComposeBench } from "./scripts/bench/compose.bench";
const rows = await runComposeBench({ cases: [{ name: "200k", modules: 50, paths: 200_000, runs: 3 }, { name: "200k again", modules: 50, paths: 200_000, runs: 3 }] });
console.log(rows.map(r => [r.name, r.medianMs, r.extra?.retainedHeapMB, r.extra?.heapGrowthDuringRunMB]));
