/** "25m", "5h", "3d 4h": how long a version has been in its state, compact for cards. */
export function formatDuration(hours: number): string {
  if (!Number.isFinite(hours) || hours < 0) return "—";
  const minutes = Math.floor(hours * 60);
  if (minutes < 60) return `${Math.max(minutes, 0)}m`;
  const whole = Math.floor(hours);
  if (whole < 48) return `${whole}h`;
  const days = Math.floor(whole / 24);
  const rest = whole % 24;
  return rest === 0 ? `${days}d` : `${days}d ${rest}h`;
}

/**
 * The interesting part of a keyless-signing identity (a CI workflow URI): "modules/nginx · release.yaml@v1.3.0" from
 * "https://git.example/modules/nginx/.forgejo/workflows/release.yaml@refs/tags/v1.3.0". Anything else is returned as is.
 */
export function shortSigner(identity: string | null): string | null {
  if (!identity) return null;
  let url: URL;
  try {
    url = new URL(identity);
  } catch {
    return identity;
  }
  const parts = url.pathname.split("/").filter(Boolean);
  const dot = parts.findIndex((p) => p.startsWith("."));
  if (dot <= 0) return identity;
  const repo = parts.slice(0, dot).join("/");
  // After ".forgejo/workflows/" comes the file and its ref, which itself contains slashes ("@refs/tags/v1").
  const file = decodeURIComponent(parts.slice(dot + 2).join("/")).replace(/@refs\/(?:heads|tags)\//, "@");
  return `${repo} · ${file}`;
}
