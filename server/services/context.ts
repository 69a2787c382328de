import "server-only";
import type { Actor } from "../auth/actor";
import type { Db } from "../db/client";

/** What every service function receives: the database, who acts (already permission-checked), and a clock. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  /** Injected so the seeder can replay history and tests can move time; defaults to the wall clock. */
  now: () => Date;
}

export function serviceContext(db: Db, actor: Actor, now: () => Date = () => new Date()): ServiceContext {
  return { db, actor, now };
}
