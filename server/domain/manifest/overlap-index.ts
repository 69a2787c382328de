/**
 * Pairwise glob overlap is exact but not free, and lists may hold thousands of globs. Two absolute globs can only
 * overlap if they agree on every leading literal segment they both have: up to the first wildcard or `**` segment
 * of either glob, both match exactly one fixed name at the same depth. So entries are kept in a trie keyed by
 * their literal prefix (`/usr/lib/nginx/*.so` → usr › lib › nginx), and a glob's candidates are the entries on
 * its own prefix path (shorter prefixes) plus the whole subtree below it (longer ones). Globs starting with a
 * wildcard sit at the root and are candidates for everything. A budget caps the total work on adversarial input.
 *
 * Candidates come back in the order the previous first-segment buckets produced (entries with a literal first
 * segment in insertion order, then wildcard-first entries), so callers that report the first overlap found keep
 * their exact messages.
 */
import { parsedGlobsOverlap, type ParsedGlob } from "./globs";

export const OVERLAP_CHECK_BUDGET = 50_000;

interface TrieNode<T> {
  here: Array<{ entry: T; order: number }>;
  children: Map<string, TrieNode<T>>;
}

/** The glob's leading literal segments, up to (not including) the first wildcard or `**` segment. */
export function literalPrefix(glob: ParsedGlob): string[] {
  const out: string[] = [];
  for (const s of glob.segments) {
    if (s.kind !== "pattern" || s.literal === null) break;
    out.push(s.literal);
  }
  return out;
}

export class OverlapIndex<T extends { glob: ParsedGlob }> {
  private readonly root: TrieNode<T> = { here: [], children: new Map() };

  constructor(entries: Iterable<T>) {
    let i = 0;
    const wildcardFirst: Array<{ entry: T; order: number }> = [];
    const literalFirst: Array<{ entry: T; prefix: string[] }> = [];
    for (const entry of entries) {
      const prefix = literalPrefix(entry.glob);
      if (prefix.length === 0) wildcardFirst.push({ entry, order: 0 });
      else literalFirst.push({ entry, prefix });
    }
    // Order keys reproduce "literal-first entries in insertion order, then wildcard-first ones".
    for (const { entry, prefix } of literalFirst) {
      let node = this.root;
      for (const seg of prefix) {
        let next = node.children.get(seg);
        if (!next) {
          next = { here: [], children: new Map() };
          node.children.set(seg, next);
        }
        node = next;
      }
      node.here.push({ entry, order: i++ });
    }
    for (const w of wildcardFirst) {
      w.order = i++;
      this.root.here.push(w);
    }
  }

  candidates(glob: ParsedGlob): T[] {
    const found: Array<{ entry: T; order: number }> = [...this.root.here];
    let node: TrieNode<T> | undefined = this.root;
    for (const seg of literalPrefix(glob)) {
      node = node.children.get(seg);
      if (!node) break;
      found.push(...node.here);
    }
    if (node) {
      const stack = [...node.children.values()];
      for (let n = stack.pop(); n; n = stack.pop()) {
        found.push(...n.here);
        for (const c of n.children.values()) stack.push(c);
      }
    }
    found.sort((a, b) => a.order - b.order);
    return found.map((f) => f.entry);
  }
}

/** Counts overlap tests against a shared budget; `exhausted` tells the caller its answers are incomplete. */
export class OverlapBudget {
  private used = 0;
  exhausted = false;

  constructor(private readonly limit: number = OVERLAP_CHECK_BUDGET) {}

  /** A witness path both globs match, null when none; also null (with `exhausted` set) past the budget. */
  overlap(a: ParsedGlob, b: ParsedGlob): string | null {
    if (this.used >= this.limit) {
      this.exhausted = true;
      return null;
    }
    this.used++;
    return parsedGlobsOverlap(a, b);
  }
}
