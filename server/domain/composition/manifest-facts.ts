/**
 * What a deploying version's manifest contributes to a composition (docs/templates.md, What composePreview loads):
 * its composition fields, read leniently, or nothing at all when the manifest cannot be read — the composition then
 * warns `template.manifest_unreadable` (notes.ts) instead of failing.
 */
import { extractCompositionFacts } from "../manifest/facts";

export interface ManifestFacts {
  fileSpec: string[];
  mask: string[];
  protectedSpec: string[];
  requires: string[];
  provides: string[];
  /** False when the manifest could not be parsed into the fields composition needs (the facts are then empty). */
  readable: boolean;
}

export const EMPTY_FACTS: ManifestFacts = { fileSpec: [], mask: [], protectedSpec: [], requires: [], provides: [], readable: false };

export function manifestFacts(yaml: string): ManifestFacts {
  if (yaml.trim() === "") return EMPTY_FACTS;
  const r = extractCompositionFacts(yaml);
  if (!r.ok) return EMPTY_FACTS;
  const { name: _name, ...facts } = r.facts;
  return { ...facts, readable: true };
}
