import { AppError } from "../errors";

/**
 * Transport rules every HTTP surface (tRPC, REST) applies before a service sees the request: bounded bodies,
 * well-formed URLs, no NUL characters in any string, and same-origin browser writes. The limits and the reasons
 * for each are listed in docs/security.md.
 */

/** tRPC request bodies: the largest legitimate one is a manifest (256 KiB of YAML, JSON-escaped) plus a reason. */
export const TRPC_MAX_BODY_BYTES = 2 * 1024 * 1024;
/** At most this many procedure calls in one batched tRPC request (the browser's batch link uses the same). */
export const TRPC_MAX_BATCH = 10;
/** REST default body cap; routes that take a manifest or a file list declare their own. */
export const REST_DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

function tooLarge(maxBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `Request body is larger than ${maxBytes.toLocaleString("en")} bytes.`, {
    details: { maxBytes },
  });
}

/**
 * Reads a request body up to `maxBytes`. A declared Content-Length above the cap is refused before reading a
 * byte; a chunked or lying body is cut off as soon as it passes the cap, so memory never grows past it.
 */
export async function readBodyCapped(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declaredHeader = request.headers.get("content-length");
  if (declaredHeader !== null) {
    const declared = Number(declaredHeader);
    if (!Number.isFinite(declared) || declared < 0) throw new AppError("BAD_REQUEST", "Invalid Content-Length header.");
    if (declared > maxBytes) throw tooLarge(maxBytes);
  }
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** Decodes one %-escaped URL component; a malformed escape is the client's error (400), never a 500. */
export function decodeUrlComponent(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AppError("BAD_REQUEST", "The URL contains a malformed %-escape.");
  }
}

/** A pathname whose %-escapes all decode; used before routing so no router ever throws URIError. */
export function assertWellFormedPath(pathname: string): void {
  decodeUrlComponent(pathname);
}

/** For the HTTP server in front of Next: is the request target's path (before `?`) free of malformed escapes? */
export function isWellFormedRequestTarget(target: string): boolean {
  try {
    assertWellFormedPath(target.split("?", 1)[0] ?? "");
    return true;
  } catch {
    return false;
  }
}

const MAX_SCAN_DEPTH = 64;

/**
 * Where in a parsed input a string holds a NUL character (PostgreSQL text cannot store one, and no Strata field
 * has a use for it), as a dotted path; undefined when there is none. Keys are checked as well as values.
 */
export function findNulCharacter(value: unknown, path = "", depth = 0): string | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path || "(input)" : undefined;
  if (depth > MAX_SCAN_DEPTH || value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNulCharacter(value[i], path ? `${path}.${i}` : String(i), depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childPath = path ? `${path}.${key}` : key;
    if (key.includes("\u0000")) return childPath;
    const found = findNulCharacter(child, childPath, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Deepest nesting of arrays and objects an input may have where it is checked: what the NUL scan covers. */
export const MAX_INPUT_DEPTH = MAX_SCAN_DEPTH;

/**
 * Whether a parsed JSON value nests arrays and objects more than `max` levels deep. Iterative, so any input is
 * safe to check; recursive schemas (JSON metadata) would otherwise overflow the stack on a deep enough one.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [current, level] = item;
    if (current === null || typeof current !== "object") continue;
    if (level > max) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current as Record<string, unknown>)) stack.push([child, level + 1]);
  }
  return false;
}

/**
 * The one screen of parsed input (params, query, body): every adapter calls it before validation. Too deep a
 * nesting is refused first (recursive schemas would overflow the stack on it, and the NUL scan stops there), then
 * any NUL character.
 */
export function screenInput(value: unknown, where: string): void {
  if (nestsDeeperThan(value, MAX_INPUT_DEPTH)) {
    throw new AppError("BAD_REQUEST", `The ${where} nests deeper than ${MAX_INPUT_DEPTH} levels.`, { details: { location: where } });
  }
  const found = findNulCharacter(value);
  if (found) {
    throw new AppError("BAD_REQUEST", `Text must not contain NUL characters (${where}: ${found}).`, {
      details: { location: where, path: found },
    });
  }
}

/**
 * Browser writes must come from Strata's own pages. `Sec-Fetch-Site` (sent by every current browser) decides when
 * present; otherwise `Origin` must name the host the request was sent to. Requests with neither header are not
 * from a browser form or script (curl, the CLI, tests) and carry no ambient credentials an attacker could borrow.
 */
export function assertSameOrigin(headers: Headers, allowedOrigins: readonly string[] = []): void {
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") {
    throw new AppError("FORBIDDEN", "Cross-site requests are not accepted.");
  }
  const origin = headers.get("origin");
  if (!origin) return;
  if (allowedOrigins.includes(origin)) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError("FORBIDDEN", "Cross-site requests are not accepted.");
  }
  const host = headers.get("host");
  if (!host || originHost.toLowerCase() !== host.toLowerCase()) {
    throw new AppError("FORBIDDEN", "Cross-site requests are not accepted.");
  }
}

/** The media type of a request, lower-cased without parameters. */
export function mediaType(headers: Headers): string | undefined {
  return headers.get("content-type")?.split(";", 1)[0]?.trim().toLowerCase() || undefined;
}

/** Headers every API response carries: secrets (new tokens) pass through these responses and must never be cached. */
export const API_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
};

export function applyApiResponseHeaders(headers: Headers): void {
  for (const [name, value] of Object.entries(API_RESPONSE_HEADERS)) headers.set(name, value);
}
