import type { Actor } from "../auth/actor";
import { newRequestId, sanitizeRequestId } from "./request-id";

/**
 * What the API adapters learn about a request that its log line and metrics need: the bounded route label and
 * who acted. The node HTTP layer (server/observability/http.ts) opens a scope per request and writes the line
 * when the response ends; the adapters only see a Fetch `Request` (Next builds its own), so they find the scope
 * by the X-Request-Id header that layer set. Kept on globalThis because the start script and Next's bundles load
 * this module separately.
 */
export interface RequestScope {
  readonly requestId: string;
  route?: string;
  actorId?: string;
}

const globalKey = Symbol.for("strata.requestScopes");
type GlobalWithScopes = typeof globalThis & { [globalKey]?: Map<string, RequestScope> };

function scopes(): Map<string, RequestScope> {
  const holder = globalThis as GlobalWithScopes;
  return (holder[globalKey] ??= new Map());
}

/**
 * Opens the scope of a new request, keeping a sane incoming id. An id already in flight is replaced, so two
 * requests never share a scope (a client replaying one id learns nothing and mixes nothing).
 */
export function openRequestScope(incoming: string | null | undefined): RequestScope {
  const open = scopes();
  const sane = sanitizeRequestId(incoming);
  const requestId = sane && !open.has(sane) ? sane : newRequestId();
  const scope: RequestScope = { requestId };
  open.set(requestId, scope);
  return scope;
}

export function closeRequestScope(scope: RequestScope): void {
  const open = scopes();
  if (open.get(scope.requestId) === scope) open.delete(scope.requestId);
}

/** The scope of a request the node layer opened; undefined when it did not (createCaller tests, scripts). */
export function requestScopeOf(headers: Headers): RequestScope | undefined {
  const id = headers.get("x-request-id");
  return id ? scopes().get(id) : undefined;
}

/** The request id audit events record: only one the node layer vetted, never a raw header. */
export function requestIdOf(headers: Headers): string | undefined {
  return requestScopeOf(headers)?.requestId;
}

/** Labels the request's metrics and log line with the route an adapter matched. */
export function noteRoute(headers: Headers, route: string): void {
  const scope = requestScopeOf(headers);
  if (scope) scope.route = route;
}

/** A stable, non-secret id of who acted, for the log line. */
export function actorLogId(actor: Actor): string {
  switch (actor.kind) {
    case "user":
      return `user:${actor.userId}`;
    case "token":
      return `token:${actor.tokenId}`;
    default:
      return "system";
  }
}

export function noteActor(headers: Headers, actorId: string): void {
  const scope = requestScopeOf(headers);
  if (scope) scope.actorId = actorId;
}
