import { z } from "zod";
import type { Permission } from "../../auth/permissions";
import type { ServiceContext } from "../../services/context";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * A REST route: a thin adapter from HTTP to one service call. `access` is checked by the dispatcher
 * (server/api/rest/handler.ts) before input parsing, with the same permission table as tRPC.
 */
export interface RestRoute<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** OpenAPI-style path under /api/v1, e.g. `/system/modules/{name}`. */
  path: string;
  access: "public" | { permission: Permission };
  summary: string;
  tags: string[];
  params?: P;
  query?: Q;
  body?: B;
  /** Largest accepted body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  response: R;
  successStatus?: number;
  /**
   * When one route answers with more than one success status (e.g. 200 applied / 202 accepted for approval), picks
   * the status from the handler's result. Each status it can return must be documented in `successResponses`.
   */
  statusFor?: (result: z.input<R>) => number;
  /** Additional success statuses and what they mean, for the OpenAPI document. */
  successResponses?: Record<number, string>;
  /** Extra documented statuses (error responses share one schema). */
  errorStatuses?: number[];
  handler: (
    svc: ServiceContext | null,
    input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> },
  ) => Promise<z.input<R>> | z.input<R>;
}

export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  route: RestRoute<P, Q, B, R>,
): RestRoute {
  return route as unknown as RestRoute;
}

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: "NOT_FOUND" }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "Error" });
