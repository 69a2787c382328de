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
}

export function serviceContext(db: Db, actor: Actor, now: () => Date = () => new Date(), via?: "mcp"): ServiceContext {
  return via ? { db, actor, now, via } : { db, actor, now };
}
