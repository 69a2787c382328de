import { z } from "zod";
import type { Permission } from "../../auth/permissions";
import { externalIssueSchema, validationResultSchema } from "../../contracts/manifest-validation";
import type { Db } from "../../db/client";
import type { ServiceContext } from "../../services/context";
import type { AgentIdentity } from "../../services/fleet-agent";
import { inputReader, type Domain, type InputReader, type WireNames } from "./kit";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

interface RouteSpec<I extends z.ZodObject, F extends string, R extends z.ZodType> {
  method: HttpMethod;
  /** OpenAPI-style path under /api/v1, e.g. `/system/modules/{name}`. */
  path: string;
  summary: string;
  tags: string[];
  /**
   * The service's input schema (server/contracts), or one composed from its fields. The dispatcher parses the
   * request with it, so the handler gets exactly what the service takes.
   */
  input?: I;
  /** Path parameter → the input field it fills, e.g. `{ id: "templateId" }`. */
  params?: Readonly<Record<string, F>>;
  /** Where the other input fields come from: the body (default for POST, PUT, PATCH) or the query string. */
  from?: "body" | "query";
  /** Wire names that are not the snake_case of the service's field names (see `WireNames`). */
  names?: WireNames;
  /** The OpenAPI component id of the request body. */
  bodyId?: string;
  /** Largest accepted body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** The answer's wire shape (snake_case); the handler's camelCase result is converted to it. */
  response: R;
  successStatus?: number;
  /**
   * When one route answers with more than one success status (e.g. 200 applied / 202 accepted for approval), picks
   * the status from the answer. Each status it can return must be documented in `successResponses`.
   */
  statusFor?: (result: z.input<R>) => number;
  /** Additional success statuses and what they mean, for the OpenAPI document. */
  successResponses?: Record<number, string>;
  /** Extra documented statuses (error responses share one schema). */
  errorStatuses?: number[];
}

type Input<I extends z.ZodObject, F extends string> = z.output<I> & { [K in F]: string };
type Answer<R extends z.ZodType> = Domain<z.input<R>> | z.input<R>;
type Handled<T> = T | Promise<T>;

/**
 * What a handler may know of the HTTP request besides its parsed input: headers (an enrollment secret, a webhook
 * signature, `If-None-Match`), the database for a service that authenticates by itself (enrollment), the clock.
 */
export interface RequestInfo {
  headers: Headers;
  db: Db;
  now: () => Date;
  /** The full request URL (a webhook names its account in the query). */
  url: string;
  /** The body exactly as received, for HMAC-signed webhooks; set when the route reads a body. */
  rawBody?: Uint8Array;
}

/** An answer with its own status and headers (an ETag, 304 Not Modified). Bodies are converted like any answer. */
export class HttpReply<B = unknown> {
  constructor(
    readonly body: B | null,
    readonly init: { status?: number; headers?: Record<string, string> } = {},
  ) {}
}

type Reply<R extends z.ZodType> = Answer<R> | HttpReply<Answer<R>>;

interface PublicSpec<I extends z.ZodObject, F extends string, R extends z.ZodType> extends RouteSpec<I, F, R> {
  access: "public";
  handler: (input: Input<I, F>, request: RequestInfo) => Handled<Reply<R>>;
}

interface AgentSpec<I extends z.ZodObject, F extends string, R extends z.ZodType> extends RouteSpec<I, F, R> {
  /** Node agents only (docs/fleet.md): the dispatcher resolves the `sna_…` bearer token to its instance. */
  access: "agent";
  handler: (agent: AgentIdentity, input: Input<I, F>, request: RequestInfo) => Handled<Reply<R>>;
}

interface PermissionedSpec<I extends z.ZodObject, F extends string, R extends z.ZodType> extends RouteSpec<I, F, R> {
  /** Checked by the dispatcher (server/api/rest/handler.ts) before any input is read, with the same table as tRPC. */
  access: { permission: Permission };
  /** Runs with the bearer token's actor: the dispatcher has authenticated and authorized it. */
  handler: (ctx: ServiceContext, input: Input<I, F>, request: RequestInfo) => Handled<Reply<R>>;
}

interface RouteBase extends Omit<RouteSpec<z.ZodObject, string, z.ZodType>, "input" | "params" | "from" | "names" | "bodyId"> {
  names: WireNames;
  input: InputReader;
}

/** A REST route: a thin adapter from HTTP to one service call (built by `defineRoute`, run by handler.ts). */
export type RestRoute =
  | (RouteBase & { access: "public"; run: (input: unknown, request: RequestInfo) => Promise<unknown> })
  | (RouteBase & { access: "agent"; run: (agent: AgentIdentity, input: unknown, request: RequestInfo) => Promise<unknown> })
  | (RouteBase & { access: { permission: Permission }; run: (ctx: ServiceContext, input: unknown, request: RequestInfo) => Promise<unknown> });

type AnySpec =
  | PublicSpec<z.ZodObject, string, z.ZodType>
  | AgentSpec<z.ZodObject, string, z.ZodType>
  | PermissionedSpec<z.ZodObject, string, z.ZodType>;

export function defineRoute<R extends z.ZodType, I extends z.ZodObject = z.ZodObject<{}>, F extends string = never>(
  spec: PublicSpec<I, F, R>,
): RestRoute;
export function defineRoute<R extends z.ZodType, I extends z.ZodObject = z.ZodObject<{}>, F extends string = never>(
  spec: AgentSpec<I, F, R>,
): RestRoute;
export function defineRoute<R extends z.ZodType, I extends z.ZodObject = z.ZodObject<{}>, F extends string = never>(
  spec: PermissionedSpec<I, F, R>,
): RestRoute;
export function defineRoute(spec: AnySpec): RestRoute {
  const { input, params, from, names = {}, bodyId, handler: _handler, access: _access, ...rest } = spec;
  const base: RouteBase = {
    ...rest,
    names,
    input: inputReader({
      ...(input ? { input } : {}),
      ...(params ? { params } : {}),
      from: from ?? (spec.method === "GET" || spec.method === "DELETE" ? "query" : "body"),
      names,
      ...(bodyId ? { bodyId } : {}),
    }),
  };
  if (spec.access === "public") {
    const { handler } = spec;
    return { ...base, access: "public", run: async (parsed, request) => handler(parsed as Input<z.ZodObject, string>, request) };
  }
  if (spec.access === "agent") {
    const { handler } = spec;
    return { ...base, access: "agent", run: async (agent, parsed, request) => handler(agent, parsed as Input<z.ZodObject, string>, request) };
  }
  const { handler } = spec;
  return { ...base, access: spec.access, run: async (ctx, parsed, request) => handler(ctx, parsed as Input<z.ZodObject, string>, request) };
}

const wireIssueSchema = z.object({ path: z.string().meta({ example: "display_name" }), message: z.string() });

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: "NOT_FOUND" }),
      message: z.string(),
      details: z
        .looseObject({
          location: z.enum(["path", "query", "body"]).optional().meta({ description: "Which part of the request was invalid (400)" }),
          issues: z.array(wireIssueSchema).optional(),
          fields: z.record(z.string(), z.string()).optional().meta({ description: "Messages keyed by the snake_case field they are about" }),
          reason: z.string().optional().meta({ description: "A machine-readable cause, e.g. MANIFEST_INVALID, STALE_REVISION" }),
          validation: validationResultSchema.optional().meta({ description: "A rejected manifest's whole validation result" }),
          errors: z.array(externalIssueSchema).optional(),
          warnings: z.array(externalIssueSchema).optional(),
          conflicts: z.array(externalIssueSchema).optional(),
        })
        .optional(),
    }),
  })
  .meta({ id: "Error" });
