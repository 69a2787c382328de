/**
 * Candidates for pairwise overlap: lists may hold thousands of globs. Two anchored globs can only overlap if they
 * agree on every leading literal segment they both have: up to the first wildcard or `**` segment of either glob,
 * both match exactly one fixed name at the same depth. So entries are kept in a trie keyed by their literal prefix
 * (`/usr/lib/nginx/*.so` → usr › lib › nginx), and a glob's candidates are the entries on its own prefix path
 * (shorter prefixes) plus the whole subtree below it (longer ones). Relative globs and globs starting with a
 * wildcard sit at the root and are candidates for everything.
 *
 * Candidates come back in insertion order among entries with a literal first segment, then wildcard-first entries,
 * so callers that report the first overlap found give stable messages.
 */
import type { Glob } from "./types";

interface TrieNode<T> {
  here: Array<{ entry: T; order: number }>;
  children: Map<string, TrieNode<T>>;
}

export class OverlapIndex<T extends { glob: Glob }> {
  private readonly root: TrieNode<T> = { here: [], children: new Map() };

  constructor(entries: Iterable<T>) {
    let i = 0;
    const wildcardFirst: Array<{ entry: T; order: number }> = [];
    const literalFirst: Array<{ entry: T; prefix: readonly string[] }> = [];
    for (const entry of entries) {
      const prefix = entry.glob.literalPrefix;
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

  candidates(glob: Glob): T[] {
    const found: Array<{ entry: T; order: number }> = [...this.root.here];
    let node: TrieNode<T> | undefined = this.root;
    for (const seg of glob.literalPrefix) {
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
