/**
 * Instance metadata and the `${instance.*}` placeholders of instance-variety modules (docs/authoring.md, "Instance
 * metadata"). One rule, used by `strata dry-run --instance-metadata` (what one node would get) and by the desired
 * state Strata hands to each node's agent (the bindings the agent substitutes), so the preview and the node agree.
 *
 * Syntax: `${instance.hostname}`, `${instance.site}`, `${instance.name}`, `${instance.arch}`,
 * `${instance.labels.<key>}`. `$${` is an escape for a literal `${`. Anything else that merely looks like `${…}`
 * (a shell variable in a script, `${HOME}`) is left alone: only the `instance.` namespace is ours.
 */

/** What an instance carries that a module may refer to. Empty strings count as "no value". */
export interface InstanceMetadata {
  name?: string | null;
  arch?: string | null;
  hostname?: string | null;
  site?: string | null;
  labels?: Readonly<Record<string, string>> | null;
}

/** Label keys: what may follow `instance.labels.` (also what the instance form accepts). */
export const LABEL_KEY_PATTERN = /^[a-z0-9](?:[a-z0-9_.-]{0,61}[a-z0-9])?$/;
/** Bounds on what one instance carries: it travels with every desired-state answer. */
export const INSTANCE_METADATA_LIMITS = { labels: 64, valueChars: 253, keyChars: 63 } as const;

/** The placeholder names that are not labels; a name outside these and `labels.*` is reported as unknown. */
export const INSTANCE_FIELDS = ["name", "arch", "hostname", "site"] as const;

// `$${` (escape) is matched first so its `${` is never read as a placeholder.
const TOKEN = /\$\$\{|\$\{instance\.([A-Za-z0-9_.-]{1,200})\}/g;

/** `{"instance.hostname": "edge-1", "instance.labels.rack": "r4", …}`: only keys that have a value. */
export function instanceBindings(meta: InstanceMetadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of INSTANCE_FIELDS) {
    const value = meta[field];
    if (typeof value === "string" && value !== "") out[`instance.${field}`] = value;
  }
  for (const [key, value] of Object.entries(meta.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (value !== "") out[`instance.labels.${key}`] = value;
  }
  return out;
}

/** The `instance.*` names a text refers to, each once, in order of first use. */
export function findPlaceholders(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(TOKEN)) if (m[1] !== undefined) seen.add(`instance.${m[1]}`);
  return [...seen];
}

/** Is this a name an instance can ever give a value (a field or a well-formed label key)? */
export function isKnownPlaceholder(name: string): boolean {
  if (!name.startsWith("instance.")) return false;
  const rest = name.slice("instance.".length);
  if ((INSTANCE_FIELDS as readonly string[]).includes(rest)) return true;
  return rest.startsWith("labels.") && LABEL_KEY_PATTERN.test(rest.slice("labels.".length));
}

export interface RenderResult {
  text: string;
  /** Placeholders that had a value, each once. */
  used: string[];
  /** Placeholders without a value (left as written, so the gap is visible in the output). */
  missing: string[];
}

/** Substitutes `${instance.*}` with the bindings; `$${` becomes `${`. Missing placeholders stay as written. */
export function renderPlaceholders(text: string, bindings: Readonly<Record<string, string>>): RenderResult {
  const used = new Set<string>();
  const missing = new Set<string>();
  const rendered = text.replace(TOKEN, (whole, key: string | undefined) => {
    if (key === undefined) return "${";
    const name = `instance.${key}`;
    if (Object.hasOwn(bindings, name)) {
      used.add(name);
      return bindings[name]!;
    }
    missing.add(name);
    return whole;
  });
  return { text: rendered, used: [...used], missing: [...missing] };
}

/** The placeholders of `names` that the bindings give no value. */
export function missingPlaceholders(names: readonly string[], bindings: Readonly<Record<string, string>>): string[] {
  return names.filter((n) => !Object.hasOwn(bindings, n));
}
