/** "Did you mean …?" for keys, enum values and license identifiers. */

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), for short identifiers. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur: number[] = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur.push(v);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n] ?? Math.max(m, n);
}

/** camelCase, kebab-case and spaced spellings in snake_case, so `displayName` finds `display_name`. */
export function toSnakeCase(s: string): string {
  return s
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[-\s]+/g, "_")
    .toLowerCase();
}

/**
 * The closest candidate, or null when nothing is close enough to be a plausible typo: an exact match after
 * snake-casing, else the smallest edit distance within a third of the word's length (at least 1, at most 3).
 */
export function closestMatch(word: string, candidates: readonly string[]): string | null {
  if (word.length > 100) return null;
  const snake = toSnakeCase(word);
  for (const c of candidates) if (c === snake || c.toLowerCase() === word.toLowerCase()) return c;
  let best: string | null = null;
  let bestDistance = Infinity;
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  for (const c of candidates) {
    const d = editDistance(snake, c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return bestDistance <= limit ? best : null;
}
