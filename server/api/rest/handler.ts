import { z } from "zod";
import { actorHas } from "../../auth/actor";
import { authenticateRequest } from "../../auth/sessions";
import type { Db } from "../../db/client";
import { AppError, clientErrorFromDatabase, HTTP_STATUS, isAppError } from "../../errors";
import {
  API_RESPONSE_HEADERS,
  assertWellFormedPath,
  decodeUrlComponent,
  readBodyCapped,
  rejectNulCharacters,
  REST_DEFAULT_MAX_BODY_BYTES,
} from "../transport";
import { serviceContext } from "../../services/context";
import type { RestRoute } from "./define";
import { logSecurityEvent } from "../../observability/security-log";
import { clientIp } from "../http-context";


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

function zodDetails(error: z.ZodError, where: string) {
  return { location: where, issues: error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })) };
}

async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const bytes = await readBodyCapped(request, maxBytes);
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
    const now = deps.now ?? (() => new Date());
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
      const db = await deps.getDb();
      let svc = null;
      if (route.access !== "public") {
        // REST is for CI, agents and scripts: bearer tokens only, so a browser's cookies can never be replayed here.
        const headers = new Headers(request.headers);
        headers.delete("cookie");
        const auth = await authenticateRequest(db, headers, now(), false);
        if (!auth.actor) throw new AppError("UNAUTHORIZED", "Missing or invalid bearer token.");
        if (!actorHas(auth.actor, route.access.permission)) {
          throw new AppError("FORBIDDEN", `This token's role (${auth.actor.role}) or scopes do not allow ${route.access.permission}.`);
        }
        svc = serviceContext(db, auth.actor, now);
      }
      const values = match.pattern.exec(path)?.slice(1) ?? [];
      const rawParams = Object.fromEntries(match.paramNames.map((name, i) => [name, decodeUrlComponent(values[i] ?? "")]));
      const url = new URL(request.url);
      const rawQuery = Object.fromEntries(url.searchParams.entries());
      rejectNulCharacters(rawParams, "path");
      rejectNulCharacters(rawQuery, "query");
      const params = route.params ? route.params.safeParse(rawParams) : { success: true as const, data: rawParams };
      if (!params.success) throw new AppError("BAD_REQUEST", "Invalid path parameters.", { details: zodDetails(params.error, "path") });
      const query = route.query ? route.query.safeParse(rawQuery) : { success: true as const, data: rawQuery };
      if (!query.success) throw new AppError("BAD_REQUEST", "Invalid query parameters.", { details: zodDetails(query.error, "query") });
      let body: unknown = undefined;
      if (route.body) {
        const raw = await readJsonBody(request, route.maxBodyBytes ?? REST_DEFAULT_MAX_BODY_BYTES);
        rejectNulCharacters(raw, "body");
        const parsed = route.body.safeParse(raw ?? {});
        if (!parsed.success) throw new AppError("BAD_REQUEST", "Invalid request body.", { details: zodDetails(parsed.error, "body") });
        body = parsed.data;
      }
      const result = await route.handler(svc, { params: params.data, query: query.data, body });
      const status = route.statusFor ? route.statusFor(result) : (route.successStatus ?? 200);
      return status === 204 ? new Response(null, { status, headers: API_RESPONSE_HEADERS }) : Response.json(result, { status, headers: API_RESPONSE_HEADERS });
    } catch (error) {
      if (isAppError(error)) {
        if (error.code === "PAYLOAD_TOO_LARGE") {
          logSecurityEvent("body_too_large", { surface: "rest", path: `/${subPath}`.slice(0, 200), client: clientIp(request.headers) });
          // The unread rest of the body must not be parsed as the next request on a kept-alive connection.
          return errorResponse(error, { Connection: "close" });
        }
        return errorResponse(error);
      }
      const clientError = clientErrorFromDatabase(error);
      if (clientError) return errorResponse(clientError);
      console.error("REST handler failed:", error);
      return errorResponse(new AppError("INTERNAL", "Something went wrong on the server."));
    }
  };
}
