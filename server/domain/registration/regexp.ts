/**
 * Cosign identity / issuer regexps (docs/modules.md): the certificate's SAN and OIDC issuer of every ingested build
 * must match them, so they are checked when a module is registered or edited, and live in the forms:
 *
 *  1. they compile as JavaScript regular expressions (no flags: that is how ingest evaluates them);
 *  2. they are anchored: start with `^`, end with an unescaped `$`, and have no top-level `|` (`^a|b$` matches
 *     anything containing `b` at its end — it is anchored only in appearance);
 *  3. they cannot backtrack catastrophically. That verdict comes from the `recheck` ReDoS checker, which is
 *     slow (pure JS: seconds on a realistic 90-character identity) and large (2.9 MB), so it is not called from
 *     here: the server runs it (server/services/regexp-safety.ts, cached and rate-limited) on the `reduced`
 *     pattern, `summariseDiagnostics` keeps what the answer needs, and `cosignRegexpVerdict` / `verdictProblem`
 *     turn that into the live check's verdict and the field message.
 *
 * Pure and isomorphic: the registration form runs 1 and 2 live with the same code the server runs.
 */

export const MAX_REGEXP_LENGTH = 500;

export type RegexpProblemCode = "invalid" | "unanchored" | "too_long" | "catastrophic_backtracking" | "undecided";

export interface RegexpProblem {
  code: RegexpProblemCode;
  message: string;
}

export interface RegexpShape {
  ok: boolean;
  problem?: RegexpProblem;
  /**
   * The pattern the backtracking check should analyse: the source without its leading run of literal characters
   * (see `stripAnchoredLiteralPrefix`). Set when `ok`.
   */
  reduced?: string;
}

/** The subset of recheck's `Diagnostics` this module reads (kept local so the domain imports no package). */
export interface BacktrackingDiagnostics {
  status: "safe" | "vulnerable" | "unknown";
  complexity?: { type: string; summary?: string } | null;
  attack?: { pattern?: string; string?: string } | null;
  error?: { kind: string } | null;
}

interface ScanResult {
  /** Index of every `|` outside groups and classes. */
  topLevelBars: number[];
  /** Whether the last character is a `$` assertion (not escaped, not inside a class). */
  endsWithDollar: boolean;
}

/** A linear scan that knows escapes, classes and group depth — enough to find top-level `|` and the final `$`. */
function scan(source: string): ScanResult {
  const topLevelBars: number[] = [];
  let depth = 0;
  let inClass = false;
  let lastWasDollar = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    lastWasDollar = false;
    if (ch === "\\") {
      i += 1; // the escaped character is never syntax
      continue;
    }
    if (inClass) {
      if (ch === "]") inClass = false;
      continue;
    }
    if (ch === "[") inClass = true;
    else if (ch === "(") depth += 1;
    else if (ch === ")") depth = Math.max(0, depth - 1);
    else if (ch === "|" && depth === 0) topLevelBars.push(i);
    else if (ch === "$") lastWasDollar = true;
  }
  return { topLevelBars, endsWithDollar: lastWasDollar };
}

const SYNTAX = new Set(["^", "$", "\\", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|"]);
const QUANTIFIER_START = new Set(["*", "+", "?", "{"]);

/**
 * `^https://git\.example/x/(a|b)+$` → `^(a|b)+$`.
 *
 * Exact for the backtracking question: with no flags and no top-level alternation, `^` only matches at
 * position 0, where a run of literal atoms (ordinary characters and escaped punctuation, none of them
 * quantified) matches in exactly one way or fails at once. The work on any input is therefore the prefix's
 * length plus the work of the rest on the remaining input, so both patterns have the same complexity class.
 * It matters because recheck's automaton grows with every literal character: the realistic identity
 * `^https://git\.powernode\.example/modules/nginx/\.forgejo/workflows/release\.yaml@refs/tags/v.*$` takes
 * seconds as written and milliseconds reduced to `^.*$`.
 * Lookbehinds could look into the removed prefix, so a pattern containing `(?<=` or `(?<!` is left whole.
 */
export function stripAnchoredLiteralPrefix(source: string): string {
  if (!source.startsWith("^") || source.includes("(?<=") || source.includes("(?<!")) return source;
  let i = 1;
  let lastAtomStart = -1;
  for (;;) {
    const ch = source[i];
    if (ch === undefined) break;
    let next: number;
    if (ch === "\\") {
      const escaped = source[i + 1];
      // Only identity escapes of punctuation are single fixed characters; \d, \b, \1, \x41 … stop the prefix.
      if (escaped === undefined || /[A-Za-z0-9]/.test(escaped)) break;
      next = i + 2;
    } else if (SYNTAX.has(ch)) {
      break;
    } else {
      // A surrogate pair is one atom (one code point) only with the u flag; without flags it is two atoms,
      // either of which may be quantified below, so the generic rule covers it.
      next = i + 1;
    }
    lastAtomStart = i;
    i = next;
  }
  if (lastAtomStart === -1) return source;
  // A quantifier after the run applies to its last atom, which therefore stays.
  const end = QUANTIFIER_START.has(source[i] ?? "") ? lastAtomStart : i;
  if (end <= 1) return source;
  return `^${source.slice(end)}`;
}

/** Checks 1 and 2 (compile, anchored, length), cheap enough to run on every keystroke. */
export function checkRegexpShape(source: string): RegexpShape {
  if (source.length > MAX_REGEXP_LENGTH) {
    return { ok: false, problem: { code: "too_long", message: `At most ${MAX_REGEXP_LENGTH} characters` } };
  }
  try {
    new RegExp(source);
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, "") : String(error);
    return { ok: false, problem: { code: "invalid", message: `Not a valid regular expression: ${detail}` } };
  }
  const { topLevelBars, endsWithDollar } = scan(source);
  if (!source.startsWith("^") || !endsWithDollar) {
    return {
      ok: false,
      problem: {
        code: "unanchored",
        message: "Anchor it: start with ^ and end with $, so it must match the whole identity, not a part of it",
      },
    };
  }
  if (topLevelBars.length > 0) {
    return {
      ok: false,
      problem: {
        code: "unanchored",
        message: "A top-level | splits the anchors (^a|b$ is ^a or b$): wrap the alternatives, as in ^(?:a|b)$",
      },
    };
  }
  return { ok: true, reduced: stripAnchoredLiteralPrefix(source) };
}

/** Longest attack-string summary a verdict carries (recheck's can be 300,000 characters; the form shows a line). */
export const MAX_ATTACK_SUMMARY_CHARS = 160;

export type BacktrackingGrowth = "exponential" | "polynomial" | "super-linear";

/**
 * recheck's answer reduced to what a verdict needs, small and bounded so a cache of many stays small. It describes
 * the pattern recheck analysed (the `reduced` one); `cosignRegexpVerdict` puts the literal prefix back.
 */
export type BacktrackingVerdict =
  | { status: "safe" }
  | { status: "vulnerable"; growth: BacktrackingGrowth; attack: string | null }
  | { status: "unknown"; reason: UnknownReason };

/** Why recheck could not decide (its `error.kind`); anything it may add later counts as `unexpected`. */
const UNKNOWN_REASONS = ["timeout", "cancel", "unsupported", "invalid", "unexpected"] as const;
export type UnknownReason = (typeof UNKNOWN_REASONS)[number];

function isUnknownReason(kind: string): kind is UnknownReason {
  return (UNKNOWN_REASONS as readonly string[]).includes(kind);
}

/** The live check's answer for one cosign regexp field; `message` is what the field shows on submit too. */
export type CosignRegexpVerdict =
  | { status: "safe" }
  | { status: "invalid"; code: "invalid" | "unanchored" | "too_long"; message: string }
  | { status: "unsafe"; growth: BacktrackingGrowth; attack: string | null; message: string }
  | { status: "undecided"; message: string };

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Keeps what a verdict needs from recheck's diagnostics (the attack expression bounded, not the attack string). */
export function summariseDiagnostics(diagnostics: BacktrackingDiagnostics): BacktrackingVerdict {
  if (diagnostics.status === "safe") return { status: "safe" };
  if (diagnostics.status === "vulnerable") {
    const kind = diagnostics.complexity?.type;
    const growth: BacktrackingGrowth = kind === "exponential" ? "exponential" : kind === "polynomial" ? "polynomial" : "super-linear";
    const attack = diagnostics.attack?.pattern;
    return { status: "vulnerable", growth, attack: attack ? truncate(attack, MAX_ATTACK_SUMMARY_CHARS) : null };
  }
  const kind = diagnostics.error?.kind ?? "unexpected";
  return { status: "unknown", reason: isUnknownReason(kind) ? kind : "unexpected" };
}

/** `'text'` as recheck writes strings in its attack expressions, so the prefix and the pumps read as one. */
function quoted(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/**
 * The attack for the whole pattern: the literal prefix `stripAnchoredLiteralPrefix` removed, then recheck's attack
 * on the rest (`'https://git.example/' + 'a'.repeat(31) + '\x00'`).
 */
function attackForSource(source: string, reduced: string, attack: string | null): string | null {
  if (attack === null || reduced === source) return attack;
  const prefix = source.slice(1, source.length - reduced.length + 1).replace(/\\(.)/g, "$1");
  return truncate(`${quoted(prefix)} + ${attack}`, MAX_ATTACK_SUMMARY_CHARS);
}

/** The verdict for `source`, whose shape passed and whose `reduced` pattern got the backtracking `verdict`. */
export function cosignRegexpVerdict(source: string, reduced: string, verdict: BacktrackingVerdict): CosignRegexpVerdict {
  if (verdict.status === "safe") return { status: "safe" };
  if (verdict.status === "vulnerable") {
    return {
      status: "unsafe",
      growth: verdict.growth,
      attack: attackForSource(source, reduced, verdict.attack),
      message: `Could backtrack catastrophically (${verdict.growth} time on some inputs): remove nested or overlapping repetition such as (a+)+ or .*.*`,
    };
  }
  // Timeouts and unsupported syntax: an identity regexp guards signature checks, so "not proven safe" is a no.
  return {
    status: "undecided",
    message: "Could not be proven free of catastrophic backtracking: simplify it (fewer nested groups and repetitions)",
  };
}

/** The verdict for a pattern whose shape is wrong: no backtracking check is needed (or possible). */
export function shapeVerdict(problem: RegexpProblem): CosignRegexpVerdict {
  const code = problem.code === "unanchored" || problem.code === "too_long" ? problem.code : "invalid";
  return { status: "invalid", code, message: problem.message };
}

/** The field message a verdict puts on submit; `null` when the pattern is acceptable. */
export function verdictProblem(verdict: CosignRegexpVerdict): RegexpProblem | null {
  switch (verdict.status) {
    case "safe":
      return null;
    case "invalid":
      return { code: verdict.code, message: verdict.message };
    case "unsafe":
      return { code: "catastrophic_backtracking", message: verdict.message };
    case "undecided":
      return { code: "undecided", message: verdict.message };
  }
}

/** Whole-identity match for the "test against an identity" box and for ingest. Call only on a checked shape. */
export function regexpMatches(source: string, identity: string): boolean {
  return new RegExp(source).test(identity);
}
