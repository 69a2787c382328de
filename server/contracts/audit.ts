/** Input schemas, free of server dependencies so forms in the browser reuse them. */
import { z } from "zod";
import { cursorSchema } from "./pagination";

export const auditListInput = z.object({
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  targetType: z.string().trim().max(100).optional(),
  target: z.string().trim().max(200).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  /** Offset pages stay for old clients; deep pages cost a scan, so the console and new clients page by `cursor`. */
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
  cursor: cursorSchema.optional(),
  /** Read the archive (events past the account's hot window, docs/performance.md) instead of the live log. */
  archived: z.boolean().optional(),
});

export type AuditListInput = z.infer<typeof auditListInput>;
