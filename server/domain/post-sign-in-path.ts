/**
 * Where the browser goes after sign-in. `next` comes from the query string, so it is attacker-controlled: an open
 * redirect would let a phishing link bounce through our real sign-in page. Browsers resolve URLs more loosely than
 * a "starts with /" test assumes (`/\evil.example` and `/<TAB>/evil.example` both mean `//evil.example`), so the
 * value is resolved exactly as a browser would, with the WHATWG URL parser, and only the result is judged.
 * Pure and isomorphic: the sign-in page (server) and the sign-in form (browser) call this same function.
 * The rule is documented in docs/security-auth.md.
 */

/** Where sign-in lands when `next` is absent or not acceptable: the attention home (what needs a person now). */
export const DEFAULT_POST_SIGN_IN_PATH = "/app/system/home";

/** No console path comes near this; longer values are refused before parsing. */
export const MAX_NEXT_LENGTH = 2048;

/**
 * A stand-in origin to resolve against. Which origin does not matter, only whether the value stays on it; a
 * special scheme (http) makes the parser treat backslashes as browsers do.
 */
const RESOLUTION_ORIGIN = "http://strata.invalid";

/** Only console pages: never the sign-in page itself, API routes or anything outside the app. */
const ALLOWED_PREFIX = "/app/";

/**
 * Returns a same-origin path under `/app/` (path, query and fragment, normalised by the URL parser) for `next`,
 * or the default page when `next` is missing, too long, unparsable, on another origin or outside `/app/`.
 */
export function postSignInPath(next: string | null | undefined): string {
  if (typeof next !== "string" || next.length === 0 || next.length > MAX_NEXT_LENGTH) return DEFAULT_POST_SIGN_IN_PATH;
  let resolved: URL;
  try {
    resolved = new URL(next, RESOLUTION_ORIGIN);
  } catch {
    return DEFAULT_POST_SIGN_IN_PATH;
  }
  if (resolved.origin !== RESOLUTION_ORIGIN) return DEFAULT_POST_SIGN_IN_PATH;
  // The parser has already removed dot segments (`/app/../x` is `/x`), so this prefix test sees the real path.
  if (!resolved.pathname.startsWith(ALLOWED_PREFIX)) return DEFAULT_POST_SIGN_IN_PATH;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
