import { actorHas } from "../../auth/actor";
import { authenticateRequest } from "../../auth/sessions";
import type { Db } from "../../db/client";
import { AppError, clientErrorFromDatabase, HTTP_STATUS } from "../../errors";
import {
  API_RESPONSE_HEADERS,
  assertWellFormedPath,
  decodeUrlComponent,
  readBodyCapped,
  screenInput,
  REST_DEFAULT_MAX_BODY_BYTES,
} from "../transport";
import { serviceContext, type ServiceContext } from "../../services/context";
import { authenticateAgent } from "../../services/fleet-agent";
import { HttpReply, type RequestInfo, type RestRoute } from "./define";
import { restError, toWire, type WireNames } from "./kit";
import { logSecurityEvent } from "../../observability/security-log";
import { clientIp } from "../http-context";
import { recordApiCall } from "../../observability/metrics";
import { actorLogId, noteActor, noteRoute, requestIdOf } from "../../observability/request-scope";
import { restRouteLabel } from "../../observability/route-label";


interface CompiledRoute {
  route: RestRoute;
  pattern: RegExp;
  paramNames: string[];
}

function compile(routes: readonly RestRoute[]): CompiledRoute[] {
  return routes.map((route) => {
    const paramNames: string[] = [];
    const source = route.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_m, name: string) => {
      paramNames.push(name);
      return "([^/]+)";
    });
    return { route, pattern: new RegExp(`^${source}$`), paramNames };
  });
}

export function errorResponse(error: AppError, extraHeaders?: Record<string, string>): Response {
  const body = { error: { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) } };
  return Response.json(body, { status: HTTP_STATUS[error.code], headers: { ...API_RESPONSE_HEADERS, ...extraHeaders } });
}

async function readJsonBody(request: Request, maxBytes: number, info: RequestInfo): Promise<unknown> {
  const bytes = await readBodyCapped(request, maxBytes);
  info.rawBody = bytes;
  if (bytes.byteLength === 0) return undefined;
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "Request body is not valid JSON.");
  }
}

export interface RestDeps {
  getDb: () => Promise<Db>;
  now?: () => Date;
}

/** Dispatches /api/v1/* requests to the route table: authenticate, authorize, validate, call the service. */
export function createRestHandler(routes: readonly RestRoute[], deps: RestDeps) {
  const compiled = compile(routes);
  return async function handle(request: Request, subPath: string): Promise<Response> {
    let label: string | undefined;
    const response = await dispatch(request, subPath, (route) => {
      label = restRouteLabel(route.path);
      noteRoute(request.headers, label);
    });
    // Counted by route pattern only: unmatched paths are the HTTP metrics' business, and would be unbounded here.
    if (label) recordApiCall("rest", `${request.method} ${label}`, response.ok || response.status === 304 ? "ok" : String(response.status));
    return response;
  };

  async function dispatch(request: Request, subPath: string, matched: (route: RestRoute) => void): Promise<Response> {
    const now = deps.now ?? (() => new Date());
    let names: WireNames | undefined;
    try {
      assertWellFormedPath(subPath);
      const path = `/${subPath.replace(/^\/+|\/+$/g, "")}`;
      const candidates = compiled.filter((c) => c.pattern.test(path));
      if (candidates.length === 0) throw new AppError("NOT_FOUND", `No API route ${path}.`);
      const match = candidates.find((c) => c.route.method === request.method);
      if (!match) {
        return errorResponse(new AppError("BAD_REQUEST", `Method ${request.method} is not allowed on ${path}.`), {
          Allow: candidates.map((c) => c.route.method).join(", "),
        });
      }
      const { route } = match;
      matched(route);
      names = route.names;
      const db = await deps.getDb();
      const info: RequestInfo = { headers: request.headers, db, now, url: request.url };
      let run: (input: unknown) => Promise<unknown>;
      if (route.access === "public") {
        run = (input) => route.run(input, info);
      } else if (route.access === "agent") {
        // The agent API takes agent tokens only, and agent tokens work nowhere else (docs/fleet.md).
        const agent = await authenticateAgent(db, request.headers.get("authorization"));
        noteActor(request.headers, `instance:${agent.instanceId}`);
        run = (input) => route.run(agent, input, info);
      } else {
        // REST is for CI, agents and scripts: bearer tokens only, so a browser's cookies can never be replayed here.
        const headers = new Headers(request.headers);
        headers.delete("cookie");
        const auth = await authenticateRequest(db, headers, now(), false);
        if (!auth.actor) throw new AppError("UNAUTHORIZED", "Missing or invalid bearer token.");
        if (!actorHas(auth.actor, route.access.permission)) {
          throw new AppError("FORBIDDEN", `This token's role (${auth.actor.role}) or scopes do not allow ${route.access.permission}.`);
        }
        noteActor(request.headers, actorLogId(auth.actor));
        const ctx: ServiceContext = serviceContext(db, auth.actor, now, { requestId: requestIdOf(request.headers) });
        run = (input) => route.run(ctx, input, info);
      }
      const values = match.pattern.exec(path)?.slice(1) ?? [];
      const params = Object.fromEntries(match.paramNames.map((name, i) => [name, decodeUrlComponent(values[i] ?? "")]));
      const query = Object.fromEntries(new URL(request.url).searchParams.entries());
      screenInput(params, "path");
      screenInput(query, "query");
      route.input.checkParams(params);
      let body: unknown = undefined;
      if (route.input.readsBody) {
        body = await readJsonBody(request, route.maxBodyBytes ?? REST_DEFAULT_MAX_BODY_BYTES, info);
        screenInput(body, "body");
      }
      const answer = await run(route.input.read({ params, query, body }));
      if (answer instanceof HttpReply) {
        const status = answer.init.status ?? route.successStatus ?? 200;
        const headers = { ...API_RESPONSE_HEADERS, ...answer.init.headers };
        if (answer.body === null || status === 204 || status === 304) return new Response(null, { status, headers });
        return Response.json(toWire(route.response, answer.body), { status, headers });
      }
      const result = toWire(route.response, answer);
      const status = route.statusFor ? route.statusFor(result) : (route.successStatus ?? 200);
      return status === 204 ? new Response(null, { status, headers: API_RESPONSE_HEADERS }) : Response.json(result, { status, headers: API_RESPONSE_HEADERS });
    } catch (caught) {
      const error = restError(caught, names) ?? clientErrorFromDatabase(caught);
      if (!error) {
        console.error("REST handler failed:", caught);
        return errorResponse(new AppError("INTERNAL", "Something went wrong on the server."));
      }
      if (error.code === "PAYLOAD_TOO_LARGE") {
        logSecurityEvent("body_too_large", { surface: "rest", path: `/${subPath}`.slice(0, 200), client: clientIp(request.headers) });
        // The unread rest of the body must not be parsed as the next request on a kept-alive connection.
        return errorResponse(error, { Connection: "close" });
      }
      return errorResponse(error);
    }
  }
}
