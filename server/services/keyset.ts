import "server-only";
import { AppError } from "../errors";
import { COUNT_CAP } from "../contracts/pagination";

/**
 * Keyset pagination (docs/performance.md, Pagination): the next page starts strictly after the last row's sort
 * key instead of skipping N rows, so page 1,000 costs what page 1 costs and a row inserted meanwhile neither
 * repeats nor hides a row. Every sort ends with a unique column, which makes the key total: ties on the leading
 * columns are broken by it.
 */

export type KeyValue = string | number | boolean | Date | null;

export interface SortKey<Row> {
  /** The Prisma field name. */
  field: string;
  direction: "asc" | "desc";
  /** A nullable column and where PostgreSQL puts its nulls in this sort. */
  nulls?: "first" | "last";
  /**
   * An enum column compared by its declaration order: Prisma filters enums only by equality and `in`, so "after
   * `high` descending" becomes `in [medium, none]`.
   */
  enumOrder?: readonly string[];
  value: (row: Row) => KeyValue;
}

type Encoded = string | number | boolean | null | { d: string };

function encodeValue(value: KeyValue): Encoded {
  return value instanceof Date ? { d: value.toISOString() } : value;
}

function decodeValue(value: unknown): KeyValue {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "object" && typeof (value as { d?: unknown }).d === "string") {
    const date = new Date((value as { d: string }).d);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new AppError("BAD_REQUEST", "Invalid cursor.");
}

/** The cursor names its sort, so a cursor of another sort (or list) is refused instead of silently mis-paging. */
export function encodeCursor<Row>(sort: string, keys: readonly SortKey<Row>[], row: Row): string {
  return Buffer.from(JSON.stringify({ s: sort, k: keys.map((key) => encodeValue(key.value(row))) })).toString("base64url");
}

export function decodeCursor(sort: string, cursor: string, arity: number): KeyValue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new AppError("BAD_REQUEST", "Invalid cursor.");
  }
  const body = parsed as { s?: unknown; k?: unknown };
  if (!body || body.s !== sort || !Array.isArray(body.k) || body.k.length !== arity) {
    throw new AppError("BAD_REQUEST", "This cursor belongs to another list or sort; start from the first page.");
  }
  return body.k.map(decodeValue);
}

type Where = Record<string, unknown>;

/** Rows strictly after `value` on one key (nulls placed as the sort places them). */
function after<Row>(key: SortKey<Row>, value: KeyValue): Where | null {
  const nullsLast = (key.nulls ?? (key.direction === "asc" ? "last" : "first")) === "last";
  if (value === null) {
    // Inside the null block: after it comes nothing (nulls last) or every non-null (nulls first).
    return nullsLast ? null : { [key.field]: { not: null } };
  }
  let strict: Where;
  if (key.enumOrder) {
    const index = key.enumOrder.indexOf(String(value));
    if (index < 0) throw new AppError("BAD_REQUEST", "Invalid cursor.");
    const later = key.direction === "asc" ? key.enumOrder.slice(index + 1) : key.enumOrder.slice(0, index);
    strict = { [key.field]: { in: [...later] } };
  } else {
    strict = { [key.field]: key.direction === "asc" ? { gt: value } : { lt: value } };
  }
  return key.nulls && nullsLast ? { OR: [strict, { [key.field]: null }] } : strict;
}

/**
 * The Prisma `where` for "after this cursor": (k1 after v1) OR (k1 = v1 AND k2 after v2) OR … . Combine it with
 * the list's own filters by AND. The leading equality terms let PostgreSQL walk the matching index from the key.
 */
export function keysetWhere<Row>(keys: readonly SortKey<Row>[], values: readonly KeyValue[]): Where {
  const branches: Where[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as SortKey<Row>;
    const strict = after(key, values[i] ?? null);
    if (!strict) continue;
    const equal = keys.slice(0, i).map((k, j) => ({ [k.field]: values[j] ?? null }));
    branches.push(equal.length ? { AND: [...equal, strict] } : strict);
  }
  // Only reachable with a cursor on the very last row of an all-null key: nothing comes after it.
  return branches.length ? { OR: branches } : { id: { in: [] } };
}

/** The Prisma `orderBy` that matches the keys (the same order the cursor assumes). */
export function keysetOrderBy<Row>(keys: readonly SortKey<Row>[]): Record<string, unknown>[] {
  return keys.map((key) => ({ [key.field]: key.nulls ? { sort: key.direction, nulls: key.nulls } : key.direction }));
}

/**
 * One page: asks for one row more than the page to know whether another follows, and answers the cursor of
 * the page's last row when it does.
 */
export function pageOf<Row>(rows: Row[], pageSize: number, sort: string, keys: readonly SortKey<Row>[]): { rows: Row[]; nextCursor: string | null } {
  if (rows.length <= pageSize) return { rows, nextCursor: null };
  const page = rows.slice(0, pageSize);
  return { rows: page, nextCursor: encodeCursor(sort, keys, page[page.length - 1] as Row) };
}

/**
 * `total` counted up to COUNT_CAP + 1 rows (a LIMITed subquery: PostgreSQL stops there) and whether it was capped.
 * `count` is the model's count function with Prisma's `take`, which Prisma runs as `SELECT count(*) FROM (… LIMIT n)`.
 * Give it the list's own `orderBy`: without one Prisma orders the subquery by id, and PostgreSQL then walks the
 * primary key of every account filtering rows (1.3 s at 1M audit events, docs/performance.md) instead of the
 * list's index.
 */
export async function cappedCount(count: (args: { take: number }) => Promise<number>, cap: number = COUNT_CAP): Promise<{ total: number; totalCapped: boolean }> {
  const counted = await count({ take: cap + 1 });
  return counted > cap ? { total: cap, totalCapped: true } : { total: counted, totalCapped: false };
}
