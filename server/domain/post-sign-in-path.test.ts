import { describe, expect, it } from "vitest";
import { DEFAULT_POST_SIGN_IN_PATH, MAX_NEXT_LENGTH, postSignInPath } from "./post-sign-in-path";

/**
 * Values as the sign-in page receives them: already percent-decoded once by the query-string parser
 * (`/login?next=/%5Cevil.example` arrives as `/\evil.example`).
 */
const hostile: Array<[label: string, next: string]> = [
  ["backslash after the slash (/\\evil)", "/\\evil.example"],
  ["two backslashes", "\\\\evil.example"],
  ["slash then backslash with a path", "/\\evil.example/app/system"],
  ["backslash then slash", "\\/evil.example"],
  ["tab between the slashes", "/\t/evil.example"],
  ["newline between the slashes", "/\n/evil.example"],
  ["carriage return between the slashes", "/\r/evil.example"],
  ["leading space before //", " //evil.example"],
  ["leading control character before //", "\u0000//evil.example"],
  ["protocol-relative", "//evil.example"],
  ["protocol-relative to an /app/ path", "//evil.example/app/system/modules"],
  ["three slashes", "///evil.example"],
  ["absolute https", "https://evil.example/app/system/modules"],
  ["absolute http", "http://evil.example"],
  ["scheme without slashes", "https:evil.example"],
  ["mixed-case scheme", "HtTpS://evil.example"],
  ["credentials in the authority", "//strata.invalid@evil.example/app/"],
  ["javascript:", "javascript:alert(document.cookie)"],
  ["javascript: with a tab inside the scheme", "java\tscript:alert(1)"],
  ["javascript: in upper case", "JAVASCRIPT:alert(1)"],
  ["data: URL", "data:text/html,<script>alert(1)</script>"],
  ["vbscript:", "vbscript:msgbox(1)"],
  ["encoded backslash left encoded (double-encoded input)", "/%5Cevil.example"],
  ["encoded slashes (double-encoded input)", "%2F%2Fevil.example"],
  ["encoded tab (double-encoded input)", "/%09/evil.example"],
  ["dot segments out of /app/", "/app/../evil"],
  ["encoded dot segments out of /app/", "/app/%2e%2e/%2E%2E/login"],
  ["dot segments to another origin's look-alike", "/app/../../evil.example"],
  ["backslash dot segments", "/app\\..\\evil"],
  // Same origin after parsing, but the path resolves to `//evil.example`: only the /app/ prefix test stops it.
  ["dot segments that leave a protocol-relative path", "/app/..//evil.example"],
  ["dot segments then a backslash", "/app/../\\evil.example"],
  ["encoded dot segments then two slashes", "/app/%2e%2e//evil.example"],
  ["the sign-in page itself", "/login?next=/app/system/modules"],
  ["an API route", "/api/v1/system/whoami"],
  ["the site root", "/"],
  ["/app without the trailing slash", "/app"],
  ["a look-alike prefix", "/application/x"],
  ["empty", ""],
  ["too long", `/app/${"a".repeat(MAX_NEXT_LENGTH)}`],
];

const accepted: Array<[next: string, expected: string]> = [
  ["/app/system/modules", "/app/system/modules"],
  // A relative path resolves against the site root: same origin and under /app/, so it is kept. (It used to be
  // listed as refused only because it resolved to what was then the default page.)
  ["app/system/modules", "/app/system/modules"],
  ["/app/system/audit?action=api_token&page=2", "/app/system/audit?action=api_token&page=2"],
  ["/app/system/modules/nginx#versions", "/app/system/modules/nginx#versions"],
  // Dot segments that stay inside /app/ are resolved, not refused.
  ["/app/system/../system/templates", "/app/system/templates"],
  // A backslash after /app/ stays on this origin: it is just a path, normalised to a slash.
  ["/app/\\evil.example", "/app//evil.example"],
];

describe("postSignInPath", () => {
  it.each(hostile)("refuses %s", (_label, next) => {
    expect(postSignInPath(next)).toBe(DEFAULT_POST_SIGN_IN_PATH);
  });

  it.each(accepted)("keeps %s", (next, expected) => {
    expect(postSignInPath(next)).toBe(expected);
  });

  it("falls back when next is missing", () => {
    expect(postSignInPath(undefined)).toBe(DEFAULT_POST_SIGN_IN_PATH);
    expect(postSignInPath(null)).toBe(DEFAULT_POST_SIGN_IN_PATH);
  });

  it("every result is a same-origin path a browser cannot read as another host", () => {
    for (const [, next] of hostile) {
      const result = postSignInPath(next);
      expect(new URL(result, "https://console.example").origin).toBe("https://console.example");
      expect(result.startsWith("/app/")).toBe(true);
    }
  });
});
