/**
 * Checks the schema cannot express (SPEC §2): glob syntax, `requires` syntax and self-dependency, duplicates,
 * masks that match nothing, licenses, service-level consistency and the registered name — plus the warnings for
 * what the published schema accepts but is probably a mistake (blank values, non-portable env names, ...; see
 * docs/manifest-validation.md, "Compatibility with the published schema"). Only the rules that page lists as
 * errors may be errors here. They run on whatever parts of the document have the right shape, so one broken
 * section does not hide problems in the others.
 */
import { isScalar } from "yaml";
import type { Issue, QuickFix, SourceRange } from "../issues";
import { WHOLE_DOCUMENT_RANGE } from "../issues";
import { type Glob, type GlobProblem, overlap, OverlapBudget, OverlapIndex, parseGlob } from "../glob";
import type { ParsedManifest } from "./parse";
import { CATEGORY_SLUG_PATTERN, ENV_NAME_PATTERN, MODULE_NAME_PATTERN, PACKAGE_SPEC_PATTERN } from "./patterns";
import { toPointer, type PathSegment } from "./pointer";
import { parseRequirement, type Requirement } from "./requires";
import { describePath } from "./schema-issues";
import { SPDX_ALIASES, SPDX_EXCEPTION_IDS, SPDX_LICENSE_IDS } from "./spdx";
import { closestMatch } from "./suggest";

export interface Located<T> {
  value: T;
  path: PathSegment[];
  pointer: string;
  range: SourceRange;
}

/**
 * A Located whose pointer and range are computed on first use: most entries of a long list never get an issue, and
 * resolving thousands of source ranges up front was a large share of validating a big manifest.
 */
class LazyLocated<T> implements Located<T> {
  readonly #parsed: ParsedManifest;
  #pointer: string | undefined;
  #range: SourceRange | undefined;

  constructor(
    readonly value: T,
    readonly path: PathSegment[],
    parsed: ParsedManifest,
  ) {
    this.#parsed = parsed;
  }

  get pointer(): string {
    return (this.#pointer ??= toPointer(this.path));
  }

  get range(): SourceRange {
    return (this.#range ??= this.#parsed.valueRange(this.path));
  }
}

/** What the account-aware checks need from this manifest, with every entry's location. */
export interface ManifestFacts {
  /** The module's own name: the manifest's `name` when valid, else the registered name. */
  name: string | null;
  requires: Array<Located<string> & { requirement: Requirement }>;
  provides: Array<Located<string>>;
  fileSpec: Array<Located<string> & { glob: Glob }>;
  protectedSpec: Array<Located<string> & { glob: Glob }>;
}

export interface CheckInput {
  parsed: ParsedManifest;
  value: unknown;
  moduleName?: string;
  categorySlug?: string;
  /** Category slugs of the account, when known. */
  categories?: readonly string[];
  /** The account slug, when known: `requires.self` then only fires for the account's own modules. */
  owner?: string;
  /** Steps for comparing globs, shared with the account checks so one validation stays bounded. */
  overlapBudget?: OverlapBudget;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function get(root: unknown, path: readonly PathSegment[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === "number") cur = cur[seg];
    else if (isRecord(cur)) cur = Object.prototype.hasOwnProperty.call(cur, seg) ? cur[String(seg)] : undefined;
    else return undefined;
  }
  return cur;
}

export class Checker {
  readonly issues: Issue[] = [];
  private readonly parsed: ParsedManifest;
  private readonly root: unknown;

  constructor(private readonly input: CheckInput) {
    this.parsed = input.parsed;
    this.root = input.value;
  }

  private locate<T>(value: T, path: PathSegment[]): Located<T> {
    return new LazyLocated(value, path, this.parsed);
  }

  private readonly stringLists = new Map<string, Array<Located<string>>>();

  /** String entries of the list at `path` (non-strings are the schema's business). Computed once per path. */
  strings(path: PathSegment[]): Array<Located<string>> {
    const key = path.join("\u0000");
    const cached = this.stringLists.get(key);
    if (cached) return cached;
    const list = get(this.root, path);
    const out: Array<Located<string>> = [];
    if (Array.isArray(list)) {
      list.forEach((v, i) => {
        if (typeof v === "string") out.push(this.locate(v, [...path, i]));
      });
    }
    this.stringLists.set(key, out);
    return out;
  }

  /** A glob list, reading the legacy `file_spec: {include, mask}` shape too so its globs still get checked. */
  private globList(key: string): Array<Located<string>> {
    const legacy = isRecord(get(this.root, ["file_spec"]));
    if (key === "file_spec" && legacy) return this.strings(["file_spec", "include"]);
    if (key === "mask" && legacy) return [...this.strings(["mask"]), ...this.strings(["file_spec", "mask"])];
    return this.strings([key]);
  }

  private push(issue: Issue): void {
    this.issues.push(issue);
  }

  /** The range of characters [offset, offset+length) inside a scalar, when the source spells the value verbatim. */
  private subRange(entry: Located<string>, offset: number, length: number): SourceRange {
    const loc = this.parsed.locate(entry.path);
    if (!loc.found || loc.viaAlias || !isScalar(loc.node)) return entry.range;
    const o = this.parsed.nodeOffsets(loc.node);
    if (!o) return entry.range;
    const src = this.parsed.text.slice(o[0], o[1]);
    let base: number;
    if (src === entry.value) base = o[0];
    else if ((src.startsWith('"') || src.startsWith("'")) && src.slice(1, -1) === entry.value) base = o[0] + 1;
    else return entry.range;
    if (length <= 0 || length >= entry.value.length) return entry.range;
    return this.parsed.lines.range(base + offset, base + offset + length);
  }

  /** Removes a block-list item's whole line, when the item sits alone on it. */
  private removeItemFix(entry: Located<unknown>, title: string): QuickFix | undefined {
    const loc = this.parsed.locate(entry.path);
    if (!loc.found || loc.viaAlias) return undefined;
    const o = this.parsed.nodeOffsets(loc.node);
    if (!o) return undefined;
    const text = this.parsed.text;
    const lines = this.parsed.lines;
    const start = lines.lineStart(o[0]);
    if (!/^\s*-\s*$/.test(text.slice(start, o[0]))) return undefined;
    const lineEnd = lines.lineEnd(o[1]);
    if (!/^\s*(#.*)?\r?$/.test(text.slice(o[1], lineEnd))) return undefined;
    const end = lineEnd < text.length ? lineEnd + 1 : lineEnd;
    return { title, edits: [{ range: lines.range(start, end), text: "" }] };
  }

  // -------------------------------------------------------------------------------------------------------------

  run(): ManifestFacts {
    const facts: ManifestFacts = { name: null, requires: [], provides: [], fileSpec: [], protectedSpec: [] };
    facts.name = this.checkName();
    const globs = this.checkGlobs();
    facts.fileSpec = globs.file_spec ?? [];
    facts.protectedSpec = globs.protected_spec ?? [];
    this.checkMaskMatchesSomething(globs.mask ?? [], facts.fileSpec);
    this.checkPackages();
    facts.provides = this.strings(["dependencies", "provides"]);
    facts.requires = this.checkRequires(facts.name, facts.provides);
    this.checkDuplicates();
    this.checkBlankValues();
    this.checkLicense();
    this.checkServices();
    this.checkSkills();
    this.checkBuild();
    this.checkCategory();
    return facts;
  }

  private checkName(): string | null {
    const direct = get(this.root, ["name"]);
    const wrapped = get(this.root, ["identity", "name"]);
    const path: PathSegment[] = typeof direct === "string" ? ["name"] : ["identity", "name"];
    const name = typeof direct === "string" ? direct : typeof wrapped === "string" ? wrapped : null;
    const expected = this.input.moduleName;
    if (name !== null && expected !== undefined && name !== expected) {
      const loc = this.parsed.locate(path);
      const o = loc.found && !loc.viaAlias ? this.parsed.nodeOffsets(loc.node) : null;
      const fix: QuickFix | undefined = o
        ? { title: `Change name to \`${expected}\``, edits: [{ range: this.parsed.lines.range(o[0], o[1]), text: expected }] }
        : undefined;
      this.push({
        code: "manifest.name_mismatch",
        severity: "error",
        message: `The manifest's name \`${name}\` does not match the module it belongs to, \`${expected}\`.`,
        path: toPointer(path),
        range: this.parsed.valueRange(path),
        hint: `Change name: to ${expected}; a module's name is fixed when it is registered.`,
        ...(fix ? { fix } : {}),
      });
    }
    if (name !== null && MODULE_NAME_PATTERN.test(name)) return name;
    return expected ?? null;
  }

  private checkGlobs(): Record<string, Array<Located<string> & { glob: Glob }>> {
    const out: Record<string, Array<Located<string> & { glob: Glob }>> = {};
    for (const key of ["file_spec", "mask", "protected_spec", "dependency_spec"]) {
      const valid: Array<Located<string> & { glob: Glob }> = [];
      for (const entry of this.globList(key)) {
        const { glob, problems } = parseGlob(entry.value);
        // file_spec lists paths from the root (docs/globs.md, "Relative globs"); the other lists may float.
        const relativeFileSpec = key === "file_spec" && entry.value.length > 0 && !entry.value.startsWith("/");
        if (relativeFileSpec) this.push(this.notAbsoluteIssue(entry));
        for (const p of problems) if (!(relativeFileSpec && p.code === "glob.relative_path")) this.push(this.globIssue(entry, p));
        // Extends the (lazily located) entry in place: a spread would evaluate its range now.
        if (glob && !relativeFileSpec) valid.push(Object.assign(entry, { glob }));
      }
      out[key] = valid;
    }
    return out;
  }

  private notAbsoluteIssue(entry: Located<string>): Issue {
    const absolute = "/" + entry.value.replace(/^(\.?\/)+/, "");
    return {
      code: "glob.not_absolute",
      severity: "error",
      message: `\`${entry.value}\` is not absolute; file_spec globs name paths from the root of the node's filesystem.`,
      path: entry.pointer,
      range: entry.range,
      hint: `Start it with /, e.g. ${absolute}; write /**/${entry.value.replace(/^(\.?\/)+/, "")} to ship matches at any depth.`,
    };
  }

  private globIssue(entry: Located<string>, p: GlobProblem): Issue {
    return {
      code: p.code,
      severity: p.severity,
      message: p.message,
      path: entry.pointer,
      range: this.subRange(entry, p.offset, p.length),
      ...(p.hint ? { hint: p.hint } : {}),
    };
  }

  /**
   * A mask glob that covers nothing a file_spec glob covers removes nothing (SPEC §2). Decided with the exact
   * overlap search; skipped when file_spec is empty (the module may ship only package files). When the search
   * cannot decide a pair within its step limit, the mask is not called useless: it gets glob.overlap_undecided.
   */
  private checkMaskMatchesSomething(masks: Array<Located<string> & { glob: Glob }>, fileSpec: Array<Located<string> & { glob: Glob }>): void {
    if (masks.length === 0 || fileSpec.length === 0) return;
    const index = new OverlapIndex(fileSpec);
    const budget = this.input.overlapBudget ?? new OverlapBudget();
    for (const m of masks) {
      let hit = false;
      let undecidedWith: string | null = null;
      for (const f of index.candidates(m.glob)) {
        const result = overlap(m.glob, f.glob, budget);
        if (budget.exhausted) break;
        if (result.kind === "overlap") {
          hit = true;
          break;
        }
        if (result.kind === "undecided") undecidedWith ??= f.value;
      }
      if (budget.exhausted) {
        this.push(budgetIssue("mask"));
        return;
      }
      if (hit) continue;
      if (undecidedWith !== null) {
        this.push(undecidedIssue(m, `whether the mask removes anything file_spec ships (compared with \`${undecidedWith}\`)`));
        continue;
      }
      this.push({
        code: "mask.matches_nothing",
        severity: "warning",
        message: `The mask \`${m.value}\` matches nothing that file_spec ships, so it removes nothing.`,
        path: m.pointer,
        range: m.range,
        hint: "A mask only removes paths from this module's own file_spec globs; check it for a typo or remove it.",
      });
    }
  }

  private checkPackages(): void {
    const seen = new Map<string, Located<string>>();
    for (const entry of this.strings(["package_spec"])) {
      const [name, version] = entry.value.split("=", 2);
      if (!name) continue;
      if (version !== undefined && PACKAGE_SPEC_PATTERN.test(entry.value) && !isConventionalDebianVersion(version)) {
        this.push({
          code: "package.unusual_version",
          severity: "warning",
          message: `\`${version}\` does not look like a Debian version: after an optional epoch (\`1:\`) it should start with a digit.`,
          path: entry.pointer,
          range: this.subRange(entry, name.length + 1, version.length),
          hint: "apt installs name=version only when the archive has exactly that version; check it with apt-cache policy.",
        });
      }
      const first = seen.get(name);
      if (!first) {
        seen.set(name, entry);
        continue;
      }
      const firstVersion = first.value.split("=", 2)[1];
      if (version !== undefined && firstVersion !== undefined && version !== firstVersion) {
        // The published schema cannot express it and accepts it: a leftover to point out, not a reason to reject.
        this.push({
          code: "package.conflicting_pins",
          severity: "warning",
          message: `Package \`${name}\` is pinned to two versions: ${firstVersion} (line ${first.range.startLine}) and ${version}.`,
          path: entry.pointer,
          range: entry.range,
          hint: "Keep one pin.",
        });
      } else if (entry.value !== first.value) {
        const fix = this.removeItemFix(entry, `Remove the second \`${name}\` entry`);
        this.push({
          code: "list.duplicate",
          severity: "warning",
          message: `Package \`${name}\` is listed twice in package_spec (as \`${first.value}\` on line ${first.range.startLine}).`,
          path: entry.pointer,
          range: entry.range,
          hint: "Keep one entry; with a pin if the version matters.",
          ...(fix ? { fix } : {}),
        });
      }
      // Exact repeats are reported by checkDuplicates().
    }
  }

  private checkRequires(ownName: string | null, provides: Array<Located<string>>): ManifestFacts["requires"] {
    const out: ManifestFacts["requires"] = [];
    const provided = new Set(provides.map((p) => p.value));
    const seenModules = new Map<string, Located<string>>();
    for (const entry of this.strings(["dependencies", "requires"])) {
      const parsed = parseRequirement(entry.value);
      if (!parsed.ok) {
        this.push({ code: parsed.code, severity: "error", message: parsed.message, path: entry.pointer, range: entry.range, hint: parsed.hint });
        continue;
      }
      const req = parsed.requirement;
      if (req.kind === "module") {
        const ownAccount = this.input.owner === undefined || req.owner === this.input.owner;
        if (ownName !== null && req.module === ownName && ownAccount) {
          const fix = this.removeItemFix(entry, "Remove the self-dependency");
          this.push({
            code: "requires.self",
            severity: "error",
            message: `The module requires itself (\`${entry.value}\`).`,
            path: entry.pointer,
            range: entry.range,
            hint: "Remove this entry; a module is always present in its own compositions.",
            ...(fix ? { fix } : {}),
          });
          continue;
        }
        const key = `${req.owner}/${req.module}`;
        const first = seenModules.get(key);
        if (first && first.value !== entry.value) {
          this.push({
            code: "list.duplicate",
            severity: "warning",
            message: `\`${key}\` is required twice with different ranges (\`${first.value}\` on line ${first.range.startLine}).`,
            path: entry.pointer,
            range: entry.range,
            hint: "Combine them into one range, e.g. >=1.2 <2.",
          });
        } else if (!first) seenModules.set(key, entry);
      } else if (provided.has(req.tag)) {
        this.push({
          code: "requires.self_capability",
          severity: "warning",
          message: `The module requires capability \`${req.tag}\`, which it provides itself.`,
          path: entry.pointer,
          range: entry.range,
          hint: "Remove the requirement; it is always satisfied and says nothing.",
        });
      }
      out.push(Object.assign(entry, { requirement: req }));
    }
    return out;
  }

  /** Exact repeats in lists where order and multiplicity mean nothing (SPEC §2: warning). */
  private checkDuplicates(): void {
    const lists: PathSegment[][] = [
      ["package_spec"],
      ["file_spec"],
      ["file_spec", "include"],
      ["file_spec", "mask"],
      ["mask"],
      ["protected_spec"],
      ["dependency_spec"],
      ["dependencies", "requires"],
      ["dependencies", "provides"],
      ["security", "capabilities"],
      ["security", "egress_allow"],
      ["skills"],
    ];
    const services = get(this.root, ["services"]);
    if (Array.isArray(services)) services.forEach((_, i) => lists.push(["services", i, "capabilities"]));
    for (const path of lists) {
      const seen = new Map<string, Located<string>>();
      for (const entry of this.strings(path)) {
        const first = seen.get(entry.value);
        if (!first) {
          seen.set(entry.value, entry);
          continue;
        }
        const fix = this.removeItemFix(entry, "Remove the duplicate");
        this.push({
          code: "list.duplicate",
          severity: "warning",
          message: `\`${entry.value}\` is listed twice in ${describePath(path)} (first on line ${first.range.startLine}).`,
          path: entry.pointer,
          range: entry.range,
          hint: "Remove the repeat.",
          ...(fix ? { fix } : {}),
        });
      }
    }
  }

  /**
   * Blank strings where a value is expected. The published schema accepts them (starter templates write `start: ""`
   * for "no command yet"), so they are warnings: accepted, but probably unfinished.
   */
  private checkBlankValues(): void {
    const fields: Array<{ path: PathSegment[]; hint: string }> = [
      { path: ["display_name"], hint: "Fill it in, or remove the key." },
      { path: ["description"], hint: "Say what the module provides, or remove the key." },
    ];
    const commandHint = "An empty command does nothing: fill it in, or remove the key when there is nothing to run.";
    for (const key of ["start", "stop", "restart"]) fields.push({ path: ["init", key], hint: commandHint });
    const services = get(this.root, ["services"]);
    if (Array.isArray(services)) {
      services.forEach((svc, i) => {
        if (!isRecord(svc)) return;
        fields.push(
          { path: ["services", i, "start_command"], hint: commandHint },
          { path: ["services", i, "stop_command"], hint: commandHint },
          { path: ["services", i, "user"], hint: "Name the user the service runs as, or remove the key." },
          { path: ["services", i, "working_directory"], hint: "Give an absolute directory, or remove the key." },
          { path: ["services", i, "health", "endpoint"], hint: "Give the path, URL or port to probe, or remove the key." },
        );
        const ports = svc.exposed_ports;
        if (Array.isArray(ports)) {
          ports.forEach((_, j) => fields.push({ path: ["services", i, "exposed_ports", j, "name"], hint: "Name the port (e.g. http), or remove the key." }));
        }
      });
    }
    for (const { path, hint } of fields) {
      const value = get(this.root, path);
      if (typeof value !== "string" || value.trim() !== "") continue;
      const entry = this.locate(value, path);
      this.push({
        code: "schema.too_short",
        severity: "warning",
        message: `\`${describePath(path)}\` is ${value === "" ? "empty" : "only whitespace"}.`,
        path: entry.pointer,
        range: entry.range,
        hint,
      });
    }
  }

  private checkLicense(): void {
    const license = get(this.root, ["license"]);
    if (typeof license !== "string") return;
    const entry = this.locate(license, ["license"]);
    const problem = spdxProblem(license);
    if (problem) {
      this.push({
        code: "license.unknown_spdx",
        severity: "warning",
        message: problem.message,
        path: entry.pointer,
        range: entry.range,
        hint: problem.hint,
      });
    }
  }

  private checkServices(): void {
    const services = get(this.root, ["services"]);
    if (!Array.isArray(services)) return;
    const names = new Map<string, Located<string>>();
    const ports = new Map<string, Located<number>>();
    services.forEach((svc, i) => {
      if (!isRecord(svc)) return;
      if (typeof svc.name === "string") {
        const entry = this.locate(svc.name, ["services", i, "name"]);
        const first = names.get(svc.name);
        if (first) {
          // A warning like every other duplicate: the published schema cannot express uniqueness and accepts it.
          this.push({
            code: "service.duplicate_name",
            severity: "warning",
            message: `Two services are named \`${svc.name}\` (the first on line ${first.range.startLine}).`,
            path: entry.pointer,
            range: entry.range,
            hint: "Give each service its own name; the node agent addresses services by name.",
          });
        } else names.set(svc.name, entry);
      }
      if (isRecord(svc.env)) {
        for (const name of Object.keys(svc.env)) {
          if (ENV_NAME_PATTERN.test(name)) continue;
          const path: PathSegment[] = ["services", i, "env", name];
          this.push({
            code: "schema.invalid_key",
            severity: "warning",
            message: name.includes("=")
              ? `\`${name}\` cannot be passed as an environment variable: \`=\` separates a name from its value.`
              : name === ""
                ? "An environment variable has an empty name."
                : `\`${name}\` is not a portable environment variable name; shells and many programs cannot read it.`,
            path: toPointer(path),
            range: this.parsed.keyRange(path),
            hint: "Environment variable names are letters, digits and underscores, not starting with a digit.",
          });
        }
      }
      if (Array.isArray(svc.exposed_ports)) {
        svc.exposed_ports.forEach((p, j) => {
          if (isRecord(p) && p.port === undefined) {
            const path: PathSegment[] = ["services", i, "exposed_ports", j];
            this.push({
              code: "service.port_missing",
              severity: "warning",
              message: `\`${describePath(path)}\` has no port, so it exposes nothing.`,
              path: toPointer(path),
              // Where the missing key belongs: the entry's first line.
              range: this.parsed.valueRange([...path, "port"]),
              hint: "Add `port: <1–65535>`, or remove the entry.",
            });
          }
          if (!isRecord(p) || typeof p.port !== "number") return;
          const protocol = typeof p.protocol === "string" ? p.protocol : "tcp";
          const key = `${p.port}/${protocol}`;
          const entry = this.locate(p.port, ["services", i, "exposed_ports", j, "port"]);
          const first = ports.get(key);
          if (first) {
            this.push({
              code: "service.duplicate_port",
              severity: "warning",
              message: `Port ${key} is exposed twice (first on line ${first.range.startLine}); only one process can listen on it.`,
              path: entry.pointer,
              range: entry.range,
            });
          } else ports.set(key, entry);
        });
      }
      const health = svc.health;
      if (isRecord(health) && typeof health.timeout_seconds === "number" && typeof health.interval_seconds === "number") {
        if (health.timeout_seconds > health.interval_seconds) {
          const entry = this.locate(health.timeout_seconds, ["services", i, "health", "timeout_seconds"]);
          this.push({
            code: "service.health_timeout_exceeds_interval",
            severity: "warning",
            message: `The health check timeout (${health.timeout_seconds}s) is longer than its interval (${health.interval_seconds}s), so probes overlap.`,
            path: entry.pointer,
            range: entry.range,
            hint: "Make timeout_seconds smaller than interval_seconds.",
          });
        }
      }
    });
  }

  /** Skills are names or descriptor mappings; the published schema only says "list", so anything else warns. */
  private checkSkills(): void {
    const skills = get(this.root, ["skills"]);
    if (!Array.isArray(skills)) return;
    skills.forEach((skill, i) => {
      if (typeof skill === "string" || isRecord(skill)) return;
      const entry = this.locate(skill, ["skills", i]);
      this.push({
        code: "skill.invalid_entry",
        severity: "warning",
        message: `\`skills[${i}]\` is ${skill === null ? "empty" : Array.isArray(skill) ? "a list" : `a ${typeof skill}`}; a skill is a name or a mapping that describes it.`,
        path: entry.pointer,
        range: entry.range,
        hint: "Write a name (e.g. reverse-proxy), quoting it if it looks like a number or boolean.",
      });
    });
  }

  /** The schema only asks for YYYYMMDDTHHMMSSZ digits; a timestamp that names no real moment finds no snapshot. */
  private checkBuild(): void {
    const snapshot = get(this.root, ["build", "apt_snapshot"]);
    if (typeof snapshot !== "string") return;
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(snapshot);
    if (!m) return;
    const [y, mo, d, h, mi, sec] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    const date = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
    const real =
      date.getUTCFullYear() === y &&
      date.getUTCMonth() === mo - 1 &&
      date.getUTCDate() === d &&
      date.getUTCHours() === h &&
      date.getUTCMinutes() === mi &&
      date.getUTCSeconds() === sec;
    if (!real) {
      const entry = this.locate(snapshot, ["build", "apt_snapshot"]);
      this.push({
        code: "build.impossible_snapshot_date",
        severity: "warning",
        message: `\`${snapshot}\` is not a real date and time, so no APT snapshot has it.`,
        path: entry.pointer,
        range: entry.range,
        hint: "Write YYYYMMDDTHHMMSSZ in UTC, e.g. 20240501T000000Z.",
      });
    }
  }

  private checkCategory(): void {
    const slug = this.input.categorySlug;
    if (slug === undefined) return;
    const known = this.input.categories;
    if (!CATEGORY_SLUG_PATTERN.test(slug) || (known !== undefined && !known.includes(slug))) {
      const suggestion = known ? closestMatch(slug, known) : null;
      this.push({
        code: "category.unknown",
        severity: "warning",
        message: `\`${slug}\` is not ${known ? "a category of this account" : "a valid category slug"}.`,
        path: "",
        range: WHOLE_DOCUMENT_RANGE,
        hint: suggestion ? `Did you mean \`${suggestion}\`?` : known ? `Categories: ${known.join(", ")}.` : "Category slugs are lowercase words joined by hyphens.",
      });
    }
  }
}

/** `[epoch:]upstream[-revision]` with a numeric epoch and an upstream version starting with a digit (Debian policy). */
function isConventionalDebianVersion(version: string): boolean {
  const colon = version.indexOf(":");
  const epoch = colon === -1 ? null : version.slice(0, colon);
  const upstream = colon === -1 ? version : version.slice(colon + 1);
  return (epoch === null || /^\d+$/.test(epoch)) && /^\d/.test(upstream);
}

/** The validation's step budget for comparing globs ran out (docs/globs.md, "Bounds and budgets"). */
export function budgetIssue(what: string): Issue {
  return {
    code: "validation.incomplete",
    severity: "warning",
    message: `Too many globs to compare exhaustively; some ${what} overlap checks were skipped.`,
    path: "",
    range: WHOLE_DOCUMENT_RANGE,
    hint: "Fewer, broader globs make every check complete.",
  };
}

/** One overlap search ran out of steps before it could tell (docs/globs.md, "Bounds and budgets"). */
export function undecidedIssue(entry: Located<string>, what: string): Issue {
  return {
    code: "glob.overlap_undecided",
    severity: "warning",
    message: `Could not decide ${what} within the step limit for comparing two globs; that check was skipped.`,
    path: entry.pointer,
    range: entry.range,
    hint: "Globs with fewer wildcards, or a longer literal start such as /usr/lib/…, compare quickly.",
  };
}

const SPDX_BY_LOWER = new Map([...SPDX_LICENSE_IDS].map((id) => [id.toLowerCase(), id]));
const SPDX_SET = new Set(SPDX_LICENSE_IDS);
const EXCEPTION_SET = new Set(SPDX_EXCEPTION_IDS);

/** Checks an SPDX license expression (ids joined by AND/OR, WITH exceptions, parentheses, LicenseRef-…). */
export function spdxProblem(license: string): { message: string; hint: string } | null {
  const trimmed = license.trim();
  const alias = SPDX_ALIASES[trimmed.toLowerCase()];
  if (alias) {
    return { message: `\`${license}\` is not an SPDX license identifier.`, hint: `Did you mean \`${alias}\`?` };
  }
  if (trimmed === "") return { message: "The license is empty.", hint: "Write an SPDX identifier such as MIT or Apache-2.0, or remove the key." };
  const tokens = trimmed.split(/\s+|(?=[()])|(?<=[()])/).filter((t) => t !== "");
  let expectId = true;
  let depth = 0;
  let afterWith = false;
  for (const token of tokens) {
    const upper = token.toUpperCase();
    if (token === "(") {
      if (!expectId) return malformed(license);
      depth++;
      continue;
    }
    if (token === ")") {
      if (expectId || depth === 0) return malformed(license);
      depth--;
      continue;
    }
    if (upper === "AND" || upper === "OR" || upper === "WITH") {
      if (expectId) return malformed(license);
      expectId = true;
      afterWith = upper === "WITH";
      continue;
    }
    if (!expectId) return malformed(license);
    expectId = false;
    if (afterWith) {
      afterWith = false;
      if (!EXCEPTION_SET.has(token)) {
        return { message: `\`${token}\` is not a known SPDX license exception.`, hint: "See https://spdx.org/licenses/exceptions-index.html." };
      }
      continue;
    }
    if (/^(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/.test(token)) continue;
    const id = token.endsWith("+") && !SPDX_SET.has(token) ? token.slice(0, -1) : token;
    if (SPDX_SET.has(id)) continue;
    const fixed = SPDX_BY_LOWER.get(id.toLowerCase());
    const near = fixed ?? closestMatch(id, SPDX_LICENSE_IDS);
    return {
      message: `\`${token}\` is not a known SPDX license identifier.`,
      hint: near
        ? `Did you mean \`${near}\`?`
        : "Use an identifier from https://spdx.org/licenses/ (e.g. MIT, Apache-2.0, GPL-2.0-only) or LicenseRef-<name> for a custom license.",
    };
  }
  if (expectId || depth !== 0) return malformed(license);
  return null;
}

function malformed(license: string): { message: string; hint: string } {
  return {
    message: `\`${license}\` is not a well-formed SPDX license expression.`,
    hint: "Join identifiers with AND / OR, e.g. `Apache-2.0 OR MIT`.",
  };
}
