/**
 * A slow reference matcher for tests, written straight from the rules in docs/globs.md and sharing no code with
 * the engine: the glob becomes a JavaScript regular expression (fine on the tiny inputs of property tests), and
 * "covers" is tried on every prefix of the path. Supports what the property tests generate: literal characters,
 * `*`, `?`, `[...]` with `!`/`^`, ranges and POSIX classes, `**` and `***` segments, relative globs and a
 * trailing `/`. No backslash escapes.
 */

const POSIX: Record<string, string> = { digit: "0-9", alpha: "a-zA-Z", alnum: "0-9a-zA-Z", lower: "a-z", upper: "A-Z" };

function segmentRegex(segment: string): string {
  let out = "";
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      let j = i + 1;
      let negated = false;
      if (segment[j] === "!" || segment[j] === "^") {
        negated = true;
        j++;
      }
      let body = "";
      let first = true;
      for (; j < segment.length && (segment[j] !== "]" || first); j++) {
        first = false;
        const posix = /^\[:([a-z]+):\]/.exec(segment.slice(j));
        if (posix) {
          body += POSIX[posix[1]!] ?? "";
          j += posix[0].length - 1;
        } else body += /[a-zA-Z0-9-]/.test(segment[j]!) ? segment[j] : "\\" + segment[j];
      }
      out += negated ? `[^/${body}]` : `[${body}]`;
      i = j;
    } else out += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  // A path segment is never empty.
  return `/(?=[^/])${out}`;
}

function globRegex(glob: string): RegExp {
  const body = glob.replace(/^\//, "").replace(/\/$/, "");
  const segments = body.split("/").filter((s) => s !== "");
  const parts = [...(glob.startsWith("/") ? [] : ["**"]), ...segments];
  const re = parts.map((s) => (s === "**" || s === "***" ? "(?:/[^/]+)*" : segmentRegex(s))).join("");
  return new RegExp(`^${re}$`);
}

function names(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

/** The glob matches the path itself; a path ending in `/` is a directory, and a glob ending in `/` names directories. */
export function referenceMatches(glob: string, path: string): boolean {
  const directory = path.endsWith("/");
  if (glob.length > 1 && glob.endsWith("/") && !directory) return false;
  const n = names(path);
  return globRegex(glob).test(n.map((s) => "/" + s).join(""));
}

/** The glob matches the path or one of its ancestor directories (the root directory included). */
export function referenceCovers(glob: string, path: string): boolean {
  const n = names(path);
  for (let k = 0; k < n.length; k++) if (referenceMatches(glob, "/" + n.slice(0, k).map((s) => s + "/").join(""))) return true;
  return referenceMatches(glob, path);
}
