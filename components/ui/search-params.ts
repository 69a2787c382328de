/**
 * Reading list state from the query string, on both sides: client components read `useSearchParams()`, server
 * pages their `searchParams` prop, and both hand the result to the same input function (e.g. `catalogListInput`),
 * so the query the server prefetches is the query the client asks for (docs/ui.md, First paint). Server-safe: no
 * "use client".
 */

/** What both `URLSearchParams` and `useSearchParams()` offer. */
export interface ParamReader {
  get(name: string): string | null;
}

/** A server page's `searchParams`, read like `useSearchParams()` (a repeated key answers its first value). */
export function paramsOf(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, one);
  }
  return params;
}

/** The 1-based `?page=` of a paged list; anything missing or malformed is page 1. */
export function pageParam(params: ParamReader): number {
  return Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
}

/** `value` when it is one of `values`, else undefined. */
export function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}
