/**
 * Where the start script keeps the demo fleet's agent tokens between runs: `<data dir>/demo-fleet.json`, readable
 * by the owner only. The database stores only the tokens' hashes, so the seed hands the tokens over once and this
 * file remembers them (docs/fleet-sim.md, "The demo fleet"). A missing or unreadable file means no demo fleet.
 */
import fs from "node:fs";
import path from "node:path";
import type { DemoFleetMember } from "../server/seed/demo";

const FILE_NAME = "demo-fleet.json";

export function saveDemoFleet(dataDir: string, members: readonly DemoFleetMember[]): void {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, FILE_NAME), `${JSON.stringify(members, null, 2)}\n`, { mode: 0o600 });
}

export function loadDemoFleet(dataDir: string): DemoFleetMember[] {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(path.join(dataDir, FILE_NAME), "utf8"));
    return Array.isArray(parsed) ? (parsed as DemoFleetMember[]).filter((m) => typeof m?.token === "string" && m.token.startsWith("sna_")) : [];
  } catch {
    return [];
  }
}
