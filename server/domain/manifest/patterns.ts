/**
 * The syntactic rules of a manifest (SPEC §1, §2) in one place, so the zod schema, the JSON Schema for the editor,
 * the semantic checks and registration forms cannot drift apart.
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

/** Debian package names (Policy §5.6.1) — SPEC §2 writes them with `+` as the second quantifier, i.e. ≥ 2 chars. */
export const PACKAGE_NAME_PATTERN = /^[a-z0-9][a-z0-9+.-]+$/;

/**
 * A `package_spec` entry: a package name, optionally pinned with `=version`. The version follows Debian's
 * `[epoch:]upstream[-revision]` alphabet and must start with a digit, as dpkg expects.
 */
export const PACKAGE_SPEC_PATTERN = /^[a-z0-9][a-z0-9+.-]+(?:=[0-9][A-Za-z0-9.+~:-]*)?$/;

export const SERVICE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Linux capability names as `capabilities(7)` spells them. */
export const LINUX_CAPABILITY_PATTERN = /^CAP_[A-Z_]+$/;

/** Environment variable names (POSIX portable set). */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const SHA256_DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** snapshot.ubuntu.com timestamps, e.g. `20240501T000000Z`; calendar validity is checked separately. */
export const APT_SNAPSHOT_PATTERN = /^\d{4}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3])[0-5]\d[0-5]\dZ$/;

/**
 * A capability tag: dotted lowercase words, optionally followed by `:value`. A tag with a value part
 * (`http.port:80`) is exclusive: at most one module of a composition may provide it.
 */
export const CAPABILITY_TAG_PATTERN = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?(?::[A-Za-z0-9._/-]+)?$/;

/**
 * Loose shapes of `dependencies.requires` entries, used only as a JSON Schema `pattern` for editor hints; the
 * validator parses entries itself (see requires.ts) to give a precise message per mistake.
 */
export const REQUIRES_ENTRY_HINT_PATTERN = "^(?:capability:[^@\\s]+(?:@.+)?|[a-z0-9][a-z0-9-]*/[a-z][a-z0-9-]*@.+)$";
