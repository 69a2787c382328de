/**
 * `strata validate --remote`: the compatibility check without an upload. The manifest goes to
 * `POST /api/v1/system/validate_module_manifest`, which runs the same validator plus the checks that need the
 * account (conflicts with its modules, `requires` that resolve), and nothing is stored (docs/cli.md).
 */
import { validationResultSchema } from "../contracts/manifest-validation";
import { protectedPathsResponse, type ProtectedPathsResponse } from "../contracts/author-kit";
import type { ExternalValidationResult } from "../domain/manifest/external";

const VALIDATE_PATH = "/system/validate_module_manifest";

export interface RemoteTarget {
  /** The REST base, always ending in /api/v1. */
  apiBase: string;
  token: string;
  timeoutMs: number;
}

export interface RemoteRequest {
  manifestYaml: string;
  categorySlug?: string;
  moduleName?: string;
}

/** Any failure to get a validation result from the server; the message says what to do about it. */
export class RemoteError extends Error {
  override name = "RemoteError";
}

/**
 * The REST base for what the user typed: the console's address (`https://strata.example.com`) or its API base
 * (`…/api/v1`), with or without a trailing slash. Null when it is not an http(s) URL.
 */
export function apiBaseFor(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  const path = parsed.pathname.replace(/\/+$/, "");
  parsed.pathname = path.endsWith("/api/v1") ? path : `${path}/api/v1`;
  parsed.search = "";
  parsed.hash = "";
  return parsed.toString();
}

/** The `message` of the REST error body (`{error: {code, message}}`), when there is one. */
function serverMessage(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } };
    return typeof parsed.error?.message === "string" ? parsed.error.message : null;
  } catch {
    return null;
  }
}

function failureFor(status: number, statusText: string, body: string, target: RemoteTarget, file: string): RemoteError {
  const origin = new URL(target.apiBase).origin;
  const said = serverMessage(body);
  const because = said ? ` The server said: ${said}` : "";
  switch (status) {
    case 401:
      return new RemoteError(
        `${origin} did not accept the API token (401 Unauthorized): check --token or STRATA_TOKEN; tokens are made under Settings → API tokens and expire.${because}`,
      );
    case 403:
      return new RemoteError(`the API token may not validate manifests (403 Forbidden): it needs a role or scope with modules.read.${because}`);
    case 413:
      return new RemoteError(`${file} is larger than ${origin} accepts (413 Payload Too Large).${because}`);
    case 429:
      return new RemoteError(`${origin} is rate limiting this token (429 Too Many Requests); try again later.${because}`);
    default:
      return new RemoteError(`${origin} answered ${status}${statusText ? ` ${statusText}` : ""} for ${file}.${because}`);
  }
}

/** Why fetch itself failed, from undici's `cause` (ECONNREFUSED, ENOTFOUND, a certificate error…). */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** Validates one manifest on the server; throws RemoteError for anything but a validation result. */
export async function validateRemotely(target: RemoteTarget, file: string, request: RemoteRequest): Promise<ExternalValidationResult> {
  const url = `${target.apiBase}${VALIDATE_PATH}`;
  const origin = new URL(target.apiBase).origin;
  let response: Response;
  let body: string;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${target.token}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({
        manifest_yaml: request.manifestYaml,
        ...(request.categorySlug !== undefined ? { category_slug: request.categorySlug } : {}),
        ...(request.moduleName !== undefined ? { module_name: request.moduleName } : {}),
      }),
      // One deadline for connecting, sending and reading the whole answer.
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    body = await response.text();
  } catch (error) {
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      throw new RemoteError(`no answer from ${origin} within ${target.timeoutMs / 1000} s (--timeout) while validating ${file}.`);
    }
    throw new RemoteError(`cannot reach ${origin} (${networkReason(error)}): check --remote or STRATA_URL and the network.`);
  }
  if (!response.ok) throw failureFor(response.status, response.statusText, body, target, file);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const parsed = validationResultSchema.safeParse(json);
  if (!parsed.success) {
    throw new RemoteError(`${url} did not answer with a validation result; is ${origin} a Strata server (the console's address)?`);
  }
  return parsed.data;
}

const PROTECTED_PATHS_PATH = "/system/protected_paths";

/**
 * `strata dry-run --remote`: the protected_spec of every module of the token's account (GET /system/protected_paths,
 * read-only), so the dry run can say which of this module's files another module would drop.
 */
export async function fetchProtectedSpecs(target: RemoteTarget): Promise<ProtectedPathsResponse["modules"]> {
  const url = `${target.apiBase}${PROTECTED_PATHS_PATH}`;
  const origin = new URL(target.apiBase).origin;
  let response: Response;
  let body: string;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${target.token}`, accept: "application/json" },
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    body = await response.text();
  } catch (error) {
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      throw new RemoteError(`no answer from ${origin} within ${target.timeoutMs / 1000} s (--timeout) while reading the account's protected paths.`);
    }
    throw new RemoteError(`cannot reach ${origin} (${networkReason(error)}): check --remote or STRATA_URL and the network.`);
  }
  if (!response.ok) throw failureFor(response.status, response.statusText, body, target, "the protected paths");
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const parsed = protectedPathsResponse.safeParse(json);
  if (!parsed.success) throw new RemoteError(`${url} did not answer with protected paths; is ${origin} a Strata server (the console's address)?`);
  return parsed.data.modules;
}
