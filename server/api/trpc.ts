import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Actor } from "../auth/actor";
import { actorHas } from "../auth/actor";
import type { Permission } from "../auth/permissions";
import type { Db } from "../db/client";
import { AppError, clientErrorFromDatabase, isAppError, type AppErrorCode } from "../errors";
import { screenInput } from "./transport";
import { recordApiCall } from "../observability/metrics";
import { serviceContext, type ServiceContext } from "../services/context";

/**
 * The one approved set of procedures. Every procedure is built from `publicProcedure` (on purpose: sign-in only)
 * or `permissionProcedure(p)` — even "who am I" needs `account.read`, which every role has.
 * Each records what it requires in `meta`, which the authorization matrix test reads.
 */
export interface TrpcContext {
  db: Db;
  actor: Actor | null;
  now: () => Date;
  /** Request facts the auth procedures need; absent in createCaller tests unless given. */
  request: { ip: string; userAgent: string | null; sessionToken: string | null; secureCookies: boolean };
  /** Response headers (cookies) for the fetch adapter; createCaller collects them too. */
  resHeaders: Headers;
  /** The vetted X-Request-Id (docs/observability.md); absent outside HTTP. Audit events record it. */
  requestId?: string;
}

export interface ProcedureMeta {
  access: "public" | { permission: Permission };
  /** Rate-limited procedures run alone: a batch must not multiply their cost (see docs/security.md). */
  rateLimited?: boolean;
}

/** What a client sees for errors Strata did not raise itself, by tRPC code. */
const GENERIC_MESSAGES: Partial<Record<TRPC_ERROR_CODE_KEY, string>> = {
  PARSE_ERROR: "The request could not be parsed.",
  BAD_REQUEST: "The request is not valid.",
  NOT_FOUND: "No such procedure.",
  METHOD_NOT_SUPPORTED: "This method is not supported here.",
  UNSUPPORTED_MEDIA_TYPE: "Requests must be JSON.",
  PAYLOAD_TOO_LARGE: "The request is too large.",
  UNAUTHORIZED: "Sign in to continue.",
  FORBIDDEN: "Not allowed.",
  TOO_MANY_REQUESTS: "Too many requests.",
  INTERNAL_SERVER_ERROR: "Something went wrong on the server.",
};

const TRPC_CODE: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  UNPROCESSABLE: "UNPROCESSABLE_CONTENT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
}

const t = initTRPC
  .context<TrpcContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      return {
        ...shape,
        // Only messages Strata wrote reach the client; anything else (parser offsets, "Maximum call stack size
        // exceeded", driver errors) becomes a generic message for its stable code.
        message: isAppError(cause) ? cause.message : cause instanceof ZodError ? "Invalid input." : (GENERIC_MESSAGES[error.code] ?? GENERIC_MESSAGES.INTERNAL_SERVER_ERROR),
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          appCode: isAppError(cause) ? cause.code : null,
          fieldErrors: isAppError(cause) ? (cause.fieldErrors ?? null) : null,
          details: isAppError(cause) ? (cause.details ?? null) : null,
          zodIssues: cause instanceof ZodError ? cause.issues.map((i) => ({ path: i.path.map(String), message: i.message })) : null,
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns AppErrors thrown by services (and database errors that are the caller's fault) into tRPC errors, in one place. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    if (isAppError(result.error.cause)) throw toTRPCError(result.error.cause);
    const clientError = clientErrorFromDatabase(result.error.cause);
    if (clientError) throw toTRPCError(clientError);
  }
  return result;
});

/** The one NUL rule (server/api/transport.ts) applied to every procedure's raw input before its schema runs. */
const noNulCharacters = t.middleware(async ({ getRawInput, next }) => {
  screenInput(await getRawInput(), "input");
  return next();
});

/** Every call counted by procedure and outcome (docs/observability.md); inside a batch, each call is one. */
const counted = t.middleware(async ({ path, next }) => {
  const result = await next();
  recordApiCall("trpc", path, result.ok ? "ok" : result.error.code);
  return result;
});

const base = t.procedure.use(counted).use(appErrors).use(noNulCharacters);

export const publicProcedure = base.meta({ access: "public" });
/** Public and rate limited (sign-in): refused inside a multi-call batch. */
export const publicRateLimitedProcedure = base.meta({ access: "public", rateLimited: true });

const requireActor = t.middleware(({ ctx, next }) => {
  if (!ctx.actor) throw toTRPCError(new AppError("UNAUTHORIZED", "Sign in to continue."));
  const actor = ctx.actor;
  return next({ ctx: { actor, svc: serviceContext(ctx.db, actor, ctx.now, { requestId: ctx.requestId }) as ServiceContext } });
});

export function permissionProcedure(permission: Permission) {
  return base
    .meta({ access: { permission } })
    .use(requireActor)
    .use(({ ctx, next }) => {
      if (!actorHas(ctx.actor, permission)) {
        throw toTRPCError(new AppError("FORBIDDEN", `Your role (${ctx.actor.role}) does not allow this (${permission}).`));
      }
      return next();
    });
}
