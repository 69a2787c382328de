import { randomUUID } from "node:crypto";

/**
 * A request id names one HTTP request in the logs, the X-Request-Id response header and the audit events it
 * wrote (docs/observability.md). One set by a proxy in front (haproxy's unique-id) is kept so a request can be
 * followed across hops; anything else a client sends is replaced, because the id lands in logs and the database.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function sanitizeRequestId(value: string | null | undefined): string | undefined {
  return value && SANE_REQUEST_ID.test(value) ? value : undefined;
}

export function newRequestId(): string {
  return randomUUID();
}
