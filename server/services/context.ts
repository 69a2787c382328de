import "server-only";
import type { Actor } from "../auth/actor";
import type { Db } from "../db/client";

/** What every service function receives: the database, who acts (already permission-checked), and a clock. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  /** Injected so the seeder can replay history and tests can move time; defaults to the wall clock. */
  now: () => Date;
  /** The surface a change came through when it is not the console or REST (`"mcp"`): audit events record it. */
  via?: "mcp";
  /** The HTTP request the change came through (X-Request-Id, docs/observability.md): audit events record it. */
  requestId?: string;
}

export function serviceContext(
  db: Db,
  actor: Actor,
  now: () => Date = () => new Date(),
  origin: { via?: "mcp"; requestId?: string | undefined } = {},
): ServiceContext {
  return {
    db,
    actor,
    now,
    ...(origin.via ? { via: origin.via } : {}),
    ...(origin.requestId ? { requestId: origin.requestId } : {}),
  };
}
