/**
 * The packages an SBOM referrer lists (docs/ingest.md, SBOM): SPDX 2.x JSON `packages[]` or CycloneDX JSON
 * `components[]`, reduced to name, version and license. Pure; hostile shapes yield what is readable, capped.
 */
export interface SbomPackage {
  name: string;
  version: string | null;
  license: string | null;
}

export const MAX_SBOM_PACKAGES = 20_000;

const text = (v: unknown, max = 300): string | null => (typeof v === "string" && v.length > 0 ? v.slice(0, max) : null);

function spdxLicense(p: Record<string, unknown>): string | null {
  for (const key of ["licenseConcluded", "licenseDeclared"]) {
    const v = text(p[key]);
    if (v && v !== "NOASSERTION" && v !== "NONE") return v;
  }
  return null;
}

function cyclonedxLicense(c: Record<string, unknown>): string | null {
  if (!Array.isArray(c.licenses)) return null;
  const names: string[] = [];
  for (const entry of c.licenses.slice(0, 10)) {
    if (typeof entry !== "object" || entry === null) continue;
    const e = entry as { license?: { id?: unknown; name?: unknown }; expression?: unknown };
    const name = text(e.expression) ?? text(e.license?.id) ?? text(e.license?.name);
    if (name) names.push(name);
  }
  return names.length ? names.join(" OR ").slice(0, 300) : null;
}

export function parseSbomPackages(json: unknown): { format: "spdx" | "cyclonedx"; packages: SbomPackage[] } | null {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return null;
  const doc = json as Record<string, unknown>;
  const out: SbomPackage[] = [];
  if (typeof doc.spdxVersion === "string" && Array.isArray(doc.packages)) {
    for (const p of doc.packages.slice(0, MAX_SBOM_PACKAGES)) {
      if (typeof p !== "object" || p === null) continue;
      const rec = p as Record<string, unknown>;
      const name = text(rec.name);
      if (name) out.push({ name, version: text(rec.versionInfo, 100), license: spdxLicense(rec) });
    }
    return { format: "spdx", packages: out };
  }
  if (doc.bomFormat === "CycloneDX" && Array.isArray(doc.components)) {
    for (const c of doc.components.slice(0, MAX_SBOM_PACKAGES)) {
      if (typeof c !== "object" || c === null) continue;
      const rec = c as Record<string, unknown>;
      const name = text(rec.name);
      if (name) out.push({ name, version: text(rec.version, 100), license: cyclonedxLicense(rec) });
    }
    return { format: "cyclonedx", packages: out };
  }
  return null;
}
