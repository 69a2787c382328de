import { generateLargeManifest } from "./bench/manifest.bench";
import { validateManifest } from "@/server/domain/manifest";
import YAML from "yaml";
const t = generateLargeManifest(5000);
for (let i = 0; i < 5; i++) validateManifest({ manifestYaml: t, moduleName: "fleet-runtime" });
for (let r = 0; r < 3; r++) {
let s = performance.now();
for (let i = 0; i < 20; i++) YAML.parseDocument(t);
const b = (performance.now() - s) / 20;
s = performance.now();
for (let i = 0; i < 20; i++) validateManifest({ manifestYaml: t, moduleName: "fleet-runtime" });
const v = (performance.now() - s) / 20;
console.log(b.toFixed(1), v.toFixed(1), (v / b).toFixed(2));
}
