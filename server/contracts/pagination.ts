/**
 * Keyset (cursor) pagination shared by every list that can grow past what OFFSET pages well (docs/performance.md):
 * the audit log, instances, a module's versions, ingest attempts. Browser-safe: forms and clients reuse it.
 */
import { z } from "zod";

/**
 * An opaque position in a list, as answered in `nextCursor` (`next_cursor` on the wire). Base64url only and
 * bounded, so a hostile cursor is refused by the schema before anything decodes it.
 */
export const cursorSchema = z
  .string()
  .trim()
  .max(512)
  .regex(/^[A-Za-z0-9_-]+$/, "Not a cursor from this list")
  .meta({ description: "The `next_cursor` of the previous page; overrides `page` (docs/performance.md, Pagination)" });

/**
 * Lists answer an exact `total` up to this many rows and `totalCapped: true` above it ("10,000+"): counting every
 * matching row of a 10-million-row table scans it, on every page view.
 */
export const COUNT_CAP = 10_000;
