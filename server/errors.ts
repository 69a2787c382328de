/**
 * The one error type services throw. Each surface maps it in exactly one place: tRPC (`toTRPCError` in
 * server/api/trpc.ts), REST (`HTTP_STATUS` below, applied in server/api/rest/handler.ts). Clients map codes to
 * field errors or toasts.
 */
export const APP_ERROR_CODES = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "UNPROCESSABLE",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "TOO_MANY_REQUESTS",
  "UNAVAILABLE",
  "INTERNAL",
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** Field-level messages keyed by the input field's name, so forms can put server errors on the right field. */
export type FieldErrors = Record<string, string>;

export interface AppErrorOptions {
  details?: unknown;
  fieldErrors?: FieldErrors;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details: unknown;
  readonly fieldErrors: FieldErrors | undefined;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.details = options.details;
    this.fieldErrors = options.fieldErrors;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Prisma's "unique constraint failed" (P2002) and "record not found" (P2025), recognised without importing Prisma. */
export function prismaErrorCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === "string" && /^P\d{4}$/.test(code)) return code;
  }
  return undefined;
}

/** PostgreSQL's "this text cannot be stored" errors: invalid byte sequence (22021) and untranslatable character (22P05). */
const INVALID_TEXT_SQLSTATES = new Set(["22021", "22P05"]);

function sqlStateOf(error: unknown, depth = 0): string | undefined {
  if (depth > 6 || typeof error !== "object" || error === null) return undefined;
  const record = error as Record<string, unknown>;
  for (const key of ["code", "originalCode", "sqlState"]) {
    const value = record[key];
    if (typeof value === "string" && /^[0-9A-Z]{5}$/.test(value) && !/^P\d{4}$/.test(value)) return value;
  }
  for (const key of ["cause", "meta", "driverAdapterError"]) {
    const found = sqlStateOf(record[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Database errors that are the caller's fault, as the AppError a client should see. Everything else stays an
 * internal error (logged, never echoed). Transport adapters call this in their one error-mapping place.
 */
export function clientErrorFromDatabase(error: unknown): AppError | undefined {
  const state = sqlStateOf(error);
  if (state && INVALID_TEXT_SQLSTATES.has(state)) {
    return new AppError("BAD_REQUEST", "The input contains characters that cannot be stored as text.");
  }
  if (error instanceof Error && /invalid byte sequence for encoding|untranslatable character/.test(error.message)) {
    return new AppError("BAD_REQUEST", "The input contains characters that cannot be stored as text.");
  }
  return undefined;
}
