/**
 * Every issue code the manifest validator emits, with its severity and a one-line meaning. Codes are part of the
 * external contract (REST, CLI --json, editor quick fixes key on them): add codes, never rename them.
 * docs/manifest-validation.md mirrors this table; a test keeps the two in sync.
 */
import type { IssueSeverity } from "../issues";

export const ISSUE_CODES = {
  // Input
  "input.too_large": { severity: "error", summary: "The manifest is over 256 KiB (UTF-8 bytes)." },
  "input.invalid_utf8": { severity: "error", summary: "Bytes are not valid UTF-8, or the text contains U+FFFD from a lossy decode." },
  "input.invalid_unicode": { severity: "error", summary: "The text contains a lone UTF-16 surrogate (not encodable as UTF-8)." },
  // YAML
  "yaml.syntax": { severity: "error", summary: "YAML syntax error (bad indentation, unclosed quote or bracket, tabs, ...)." },
  "yaml.multiple_documents": { severity: "error", summary: "More than one YAML document (`---`) in the file." },
  "yaml.duplicate_key": { severity: "error", summary: "A key appears twice in the same mapping." },
  "yaml.non_scalar_key": { severity: "error", summary: "A mapping key is a list, mapping or alias." },
  "yaml.unresolved_alias": { severity: "error", summary: "An alias refers to an anchor not defined before it." },
  "yaml.recursive_alias": { severity: "error", summary: "An alias is inside the node it refers to." },
  "yaml.alias_limit": { severity: "error", summary: "Alias expansion exceeds the limits (billion laughs)." },
  "yaml.too_deep": { severity: "error", summary: "Collections nest deeper than 64 levels (also through aliases)." },
  "yaml.too_many_entries": { severity: "error", summary: "A list has more than 10,000 entries (or a mapping more than 10,000 keys)." },
  "yaml.too_many_nodes": { severity: "error", summary: "More than 15,000 YAML values and markers in total (bounds parsing work)." },
  "yaml.too_many_lines": { severity: "error", summary: "More than 30,000 lines (blank lines included)." },
  "yaml.unknown_tag": { severity: "warning", summary: "An unknown `!tag`; the value is read as a string." },
  "yaml.warning": { severity: "warning", summary: "Another warning from the YAML parser." },
  // Document
  "manifest.empty": { severity: "error", summary: "The document is empty." },
  "manifest.name_mismatch": { severity: "error", summary: "`name` differs from the registered module name." },
  // Schema
  "schema.not_a_mapping": { severity: "error", summary: "The document is not a mapping of keys." },
  "schema.unknown_key": { severity: "error", summary: "A key schema_version 1 does not define (with a did-you-mean)." },
  "schema.missing_key": { severity: "error", summary: "A required key is missing (schema_version, name, services[].name)." },
  "schema.invalid_type": { severity: "error", summary: "A value has the wrong type (string, number, list, mapping, ...)." },
  "schema.invalid_value": { severity: "error", summary: "A value is not one of the allowed values (schema_version, enums)." },
  "schema.invalid_format": { severity: "error", summary: "A string does not match its format (fallback: every format in schema_version 1 has a specific code)." },
  "schema.invalid_key": { severity: "warning", summary: "An env variable name is not a portable identifier (letters, digits, _)." },
  "schema.too_short": { severity: "warning", summary: "A string that should say something is empty or only whitespace (description, display_name, commands, ...)." },
  "schema.too_long": { severity: "error", summary: "A string is too long (display_name > 200 characters)." },
  "schema.out_of_range": { severity: "error", summary: "A number is outside its bounds (ports, health timings)." },
  "schema.invalid": { severity: "error", summary: "Any other schema violation (fallback; not produced by schema_version 1 today)." },
  // Field formats
  "name.invalid": { severity: "error", summary: "`name` does not match the module-name pattern." },
  "package.invalid_name": { severity: "error", summary: "A package_spec entry is not `name` or `name=version`." },
  "package.unusual_version": { severity: "warning", summary: "A pinned version does not start with a digit (after an optional numeric epoch), as Debian versions do." },
  "package.conflicting_pins": { severity: "warning", summary: "A package is pinned to two different versions." },
  "service.invalid_name": { severity: "error", summary: "A service name does not match ^[a-z0-9][a-z0-9-]{0,62}$." },
  "service.duplicate_name": { severity: "warning", summary: "Two services share a name." },
  "service.port_missing": { severity: "warning", summary: "An exposed_ports entry has no port." },
  "service.duplicate_port": { severity: "warning", summary: "The same port/protocol is exposed twice." },
  "service.health_timeout_exceeds_interval": { severity: "warning", summary: "A health check's timeout is longer than its interval." },
  "linux_capability.invalid": { severity: "error", summary: "A capability is not of the form CAP_[A-Z_]+." },
  "build.invalid_digest": { severity: "error", summary: "build.ubuntu_digest is not sha256:<64 hex> or null." },
  "build.invalid_snapshot": { severity: "error", summary: "build.apt_snapshot is not YYYYMMDDTHHMMSSZ or null." },
  "build.impossible_snapshot_date": { severity: "warning", summary: "build.apt_snapshot has the right digits but names no real date and time (20240231T000000Z)." },
  "capability.invalid_tag": { severity: "error", summary: "A capability tag (provides, or capability:<tag> in requires) is malformed." },
  // Legacy shapes
  "legacy.identity_wrapper": { severity: "error", summary: "Keys wrapped in `identity:`; quick fix moves them to the top level." },
  "legacy.file_spec_object": { severity: "error", summary: "`file_spec: {include, mask}`; quick fix flattens it and merges mask." },
  "legacy.registration_field": { severity: "error", summary: "A registration field (category, variety, parent_module, cosign_*) in the manifest; quick fix removes it." },
  "legacy.lifecycle_state": { severity: "error", summary: "A lifecycle state (draft/archived = old built/retired) in the manifest; quick fix removes it." },
  // Globs
  "glob.empty": { severity: "error", summary: "An empty glob." },
  "glob.too_long": { severity: "error", summary: "A glob longer than 1024 characters." },
  "glob.too_many_wildcards": { severity: "error", summary: "A glob with more than 32 wildcards (each *, ?, [...] and ** counts once)." },
  "glob.too_deep": { severity: "error", summary: "A glob with more than 30 path segments." },
  "glob.not_absolute": { severity: "error", summary: "A file_spec glob does not start with / (other lists may hold relative globs)." },
  "glob.empty_segment": { severity: "warning", summary: "A glob contains //, read as /." },
  "glob.relative_segment": { severity: "error", summary: "A glob contains a . or .. segment." },
  "glob.relative_path": { severity: "warning", summary: "A relative glob with a directory part (etc/x/*) matches at any depth." },
  "glob.unbalanced_bracket": { severity: "error", summary: "A [ that is never closed." },
  "glob.invalid_class": { severity: "error", summary: "A character class contains /, a reversed range or an unknown [:class:]." },
  "glob.dangling_escape": { severity: "error", summary: "A glob ends with a lone backslash." },
  "glob.star_star_in_segment": { severity: "warning", summary: "`**` inside a segment acts like `*`." },
  "glob.literal_brace": { severity: "warning", summary: "Braces are literal (no {a,b} expansion)." },
  "glob.overlap_undecided": { severity: "warning", summary: "Comparing two globs hit the per-pair step limit; that check was skipped." },
  // Lists
  "list.duplicate": { severity: "warning", summary: "An entry is repeated in a list (or a module required twice)." },
  "mask.matches_nothing": { severity: "warning", summary: "A mask glob cannot match anything file_spec ships." },
  "skill.invalid_entry": { severity: "warning", summary: "A skills entry is neither a name nor a mapping (a number, boolean, list or empty)." },
  "license.unknown_spdx": { severity: "warning", summary: "license is not a known SPDX identifier or expression." },
  // Dependencies
  "requires.invalid_syntax": { severity: "error", summary: "A requires entry is not <owner>/<module>@<range> or capability:<tag>[@<range>]." },
  "requires.invalid_range": { severity: "error", summary: "The range is not a valid semver range." },
  "requires.self": { severity: "error", summary: "The module requires itself." },
  "requires.self_capability": { severity: "warning", summary: "The module requires a capability it provides itself." },
  "requires.unknown_module": { severity: "warning", summary: "The required module is not registered in the account (yet)." },
  "requires.unsatisfied_range": { severity: "warning", summary: "No existing version of the required module satisfies the range." },
  "requires.unknown_capability": { severity: "warning", summary: "No other module of the account provides the required capability." },
  "requires.cross_account": { severity: "warning", summary: "The requirement names another account; it can never resolve." },
  "requires.cycle": { severity: "error", summary: "A dependency cycle through registered modules (a → b → a)." },
  // Conflicts
  "conflict.protected_path": { severity: "conflict", summary: "A protected glob overlaps another module's protected glob." },
  "conflict.file_spec_protected": { severity: "conflict", summary: "A file_spec glob reaches into a path another module protects." },
  "capability.exclusive_clash": { severity: "conflict", summary: "An exclusive capability (tag:value) is already provided by another module (an error in a composition of both)." },
  // Context
  "category.unknown": { severity: "warning", summary: "The category slug is not one of the account's categories (or malformed)." },
  "validation.incomplete": { severity: "warning", summary: "The validation's glob-comparison step budget ran out; some overlap checks were skipped." },
  "validator.internal_error": { severity: "error", summary: "The validator itself failed (a bug); reported instead of thrown." },
} as const satisfies Record<string, { severity: IssueSeverity; summary: string }>;

export type IssueCode = keyof typeof ISSUE_CODES;
