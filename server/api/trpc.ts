import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Actor } from "../auth/actor";
import { actorHas } from "../auth/actor";
import type { Permission } from "../auth/permissions";
import type { Db } from "../db/client";
import { AppError, isAppError, type AppErrorCode } from "../errors";
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
}

export interface ProcedureMeta {
  access: "public" | { permission: Permission };
}

const TRPC_CODE: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  UNPROCESSABLE: "UNPROCESSABLE_CONTENT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
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
        // Internal errors never leak their message or stack to the browser.
        message: error.code === "INTERNAL_SERVER_ERROR" && !isAppError(cause) ? "Something went wrong on the server." : shape.message,
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

/** Turns AppErrors thrown by services into the matching tRPC error, in exactly one place. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isAppError(result.error.cause)) throw toTRPCError(result.error.cause);
  return result;
});

const base = t.procedure.use(appErrors);

export const publicProcedure = base.meta({ access: "public" });

const requireActor = t.middleware(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  const actor = ctx.actor;
  return next({ ctx: { actor, svc: serviceContext(ctx.db, actor, ctx.now) as ServiceContext } });
});

export function permissionProcedure(permission: Permission) {
  return base
    .meta({ access: { permission } })
    .use(requireActor)
    .use(({ ctx, next }) => {
      if (!actorHas(ctx.actor, permission)) {
        throw new TRPCError({
          code: "FORBIDDEN",
          message: `Your role (${ctx.actor.role}) does not allow this (${permission}).`,
        });
      }
      return next();
    });
}
