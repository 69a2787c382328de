/**
 * Reading messages and codes out of whatever a failed call throws (Error, TRPCClientError, REST error body).
 * Server-safe; `toast.tsx` re-exports these for client code.
 */

/** A tRPC client error (or anything shaped like one) as far as the UI needs it. */
interface ErrorLike {
  message?: unknown;
  data?: { code?: unknown; httpStatus?: unknown } | null;
  shape?: { message?: unknown } | null;
}

/**
 * The human message of an error: `Error.message`, a TRPCClientError's message, a REST `{error: {message}}`,
 * or a string. Falls back to a generic sentence; never returns an empty string.
 */
export function getErrorMessage(error: unknown, fallback = "Something went wrong. Please try again."): string {
  if (typeof error === "string") return error.trim() || fallback;
  if (error && typeof error === "object") {
    const e = error as ErrorLike & { error?: { message?: unknown } };
    if (typeof e.message === "string" && e.message.trim()) return e.message;
    if (e.shape && typeof e.shape.message === "string" && e.shape.message.trim()) return e.shape.message;
    if (e.error && typeof e.error.message === "string" && e.error.message.trim()) return e.error.message;
  }
  return fallback;
}

/** The tRPC error code (`CONFLICT`, `FORBIDDEN`, ...) of an error, if it carries one. */
export function getErrorCode(error: unknown): string | undefined {
  if (error && typeof error === "object") {
    const data = (error as ErrorLike).data;
    if (data && typeof data.code === "string") return data.code;
  }
  return undefined;
}

// Extra context for codes an operator can act on; the server's message stays the title.
export const CODE_HINTS: Readonly<Record<string, string>> = {
  CONFLICT: "Someone else changed this first. Refresh to see the current state, then try again.",
  FORBIDDEN: "Your role in this account does not allow this action.",
  UNAUTHORIZED: "Your session has expired. Sign in again.",
  TOO_MANY_REQUESTS: "Too many requests. Wait a moment and try again.",
};
