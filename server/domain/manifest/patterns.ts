/**
 * The syntactic rules of a manifest (docs/manifest-validation.md) in one place, so the zod schema, the JSON Schema for
 * the editor, the semantic checks and registration forms cannot drift apart.
 */

/** Module names: lowercase, start with a letter, no trailing hyphen, at most 64 characters. */
export const MODULE_NAME_PATTERN = /^[a-z](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/**
 * Account slugs (the `<owner>` of `<owner>/<module>@<range>`). The account model is owned elsewhere; this is the
 * lenient superset we accept syntactically (a slug may start with a digit).
 */
export const ACCOUNT_SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Category slugs (`system-base`, `userland`, ...). */
export const CATEGORY_SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/**
 * Debian package names (Policy §5.6.1) — the manifest contract writes them with `+` as the second quantifier, i.e. ≥ 2
 * chars.
 */
export const PACKAGE_NAME_PATTERN = /^[a-z0-9][a-z0-9+.-]+$/;

/**
 * A `package_spec` entry: a package name, optionally pinned with `=version` in the alphabet Debian versions may use
 * (`[epoch:]upstream[-revision]`: letters, digits and `. + ~ : -`). Debian policy says a version *should* start with
 * a digit; one that does not is a warning (checks.ts), not a format error.
 */
export const PACKAGE_SPEC_PATTERN = /^[a-z0-9][a-z0-9+.-]+(?:=[A-Za-z0-9.+~:-]+)?$/;

export const SERVICE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Linux capability names as `capabilities(7)` spells them. */
export const LINUX_CAPABILITY_PATTERN = /^CAP_[A-Z_]+$/;

/** Environment variable names (POSIX portable set); others are legal for execve but shells cannot use them. */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const SHA256_DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

/**
 * snapshot.ubuntu.com timestamps, e.g. `20240501T000000Z`: the digits of YYYYMMDDTHHMMSSZ, as the published schema
 * has it. Whether they name a real date and time is a warning (checks.ts), not part of the format.
 */
export const APT_SNAPSHOT_PATTERN = /^\d{8}T\d{6}Z$/;

/**
 * A capability tag: dotted lowercase words, optionally followed by `:value`. A tag with a value part
 * (`http.port:80`) is exclusive: at most one module of a composition may provide it.
 */
export const CAPABILITY_TAG_PATTERN = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?(?::[A-Za-z0-9._/-]+)?$/;

/** The body of an anchored pattern, so patterns can be composed into larger ones. */
function body(pattern: RegExp): string {
  return pattern.source.replace(/^\^/, "").replace(/\$$/, "");
}

// A semver range, as node-semver documents its grammar (https://github.com/npm/node-semver#range-grammar), with the
// relaxations authors actually write: a `v` prefix, `~>`, spaces after an operator, runs of whitespace. Every string
// it accepts is a range `semver` understands (a property test checks this), so dependency resolution never meets
// one it cannot read. It is written so no whitespace run or prefix can be split two ways, which keeps matching
// linear (recheck agrees): this pattern also runs in editors, through the exported JSON Schema.
/** A version number part; at most 15 digits, so it is always a safe integer. */
const SEMVER_NUMBER = "(?:0|[1-9]\\d{0,14})";
const SEMVER_WILDCARD = "[xX*]";
const SEMVER_PRERELEASE_ID = "(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)";
const SEMVER_TAIL = `(?:-${SEMVER_PRERELEASE_ID}(?:\\.${SEMVER_PRERELEASE_ID})*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?`;
/** `1`, `1.2`, `1.2.3-rc.1+build`, `1.x`, `1.2.*`, `*`: numbers first, wildcards only after them. */
const SEMVER_PARTIAL =
  `v?(?:${SEMVER_NUMBER}(?:\\.${SEMVER_NUMBER}(?:\\.(?:${SEMVER_NUMBER}|${SEMVER_WILDCARD})${SEMVER_TAIL})?|\\.${SEMVER_WILDCARD}(?:\\.${SEMVER_WILDCARD}${SEMVER_TAIL})?)?` +
  `|${SEMVER_WILDCARD}(?:\\.${SEMVER_WILDCARD}(?:\\.${SEMVER_WILDCARD}${SEMVER_TAIL})?)?)`;
const SEMVER_SIMPLE = `(?:(?:~>?|\\^|[<>]=?|=)\\s*)?${SEMVER_PARTIAL}`;
const SEMVER_ALTERNATIVE = `(?:${SEMVER_PARTIAL}\\s+-\\s+${SEMVER_PARTIAL}|${SEMVER_SIMPLE}(?:\\s+${SEMVER_SIMPLE})*)`;
/** Alternatives joined by `||`; as in node-semver an empty alternative means any version, but not the whole range. */
const SEMVER_RANGE = `(?=\\s*\\S)\\s*(?:${SEMVER_ALTERNATIVE}\\s*)?(?:\\|\\|\\s*(?:${SEMVER_ALTERNATIVE}\\s*)?)*`;

export const SEMVER_RANGE_PATTERN = new RegExp(`^${SEMVER_RANGE}$`);

/** Longest `dependencies.requires` entry; it also keeps every version inside within semver's 256-character limit. */
export const REQUIRES_ENTRY_MAX_LENGTH = 256;

/**
 * A whole `dependencies.requires` entry: `<owner>/<module>@<semver-range>` or `capability:<tag>[@<range>]`. The
 * JSON Schema carries it as the entries' `pattern`; the validator parses entries itself (requires.ts) to say
 * exactly what is wrong, and accepts exactly the entries this pattern does (tested).
 */
export const REQUIRES_ENTRY_PATTERN = new RegExp(
  `^(?:capability:${body(CAPABILITY_TAG_PATTERN)}(?:@${SEMVER_RANGE})?|${body(ACCOUNT_SLUG_PATTERN)}/${body(MODULE_NAME_PATTERN)}@${SEMVER_RANGE})$`,
);
