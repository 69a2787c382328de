/**
 * The Content-Security-Policy of every page. Scripts run only with the per-request nonce (Next applies it to its
 * own inline and chunk scripts; 'strict-dynamic' lets those load further chunks). Styles allow inline because
 * Monaco and Radix set element styles at run time. Workers (Monaco, monaco-yaml, the regexp tester) load from
 * our own origin or blob: URLs. Nothing is ever loaded from another origin. See docs/security.md.
 */
export function contentSecurityPolicy(nonce: string, options: { dev: boolean }): string {
  const directives: Array<[string, string[]]> = [
    ["default-src", ["'self'"]],
    ["script-src", ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(options.dev ? ["'unsafe-eval'"] : [])]],
    ["style-src", ["'self'", "'unsafe-inline'"]],
    ["img-src", ["'self'", "data:", "blob:"]],
    ["font-src", ["'self'", "data:"]],
    ["worker-src", ["'self'", "blob:"]],
    ["connect-src", ["'self'", ...(options.dev ? ["ws:"] : [])]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'self'"]],
    ["form-action", ["'self'"]],
    ["frame-ancestors", ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(" ")}`).join("; ");
}

/** HSTS for two years once the console is served over https (a proxy says so, or secure cookies are forced). */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/** A fresh, unguessable nonce: 16 random bytes, base64. Web Crypto, so it runs in any runtime. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
