/**
 * `strata dry-run` (docs/cli.md): reads a module repository's manifest.yaml and rootfs/ and writes what a build would
 * ship — dist/manifest.json, dist/file-list.txt, dist/package-list.txt — with the warnings an author needs before
 * pushing. The rules are the domain's (`dryRun`, server/domain/author-kit/dry-run.ts); this file only does I/O.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { DRY_RUN_LIMITS, dryRun, type DryRunFile, type DryRunResult } from "../domain/author-kit/dry-run";
import { INSTANCE_METADATA_LIMITS, LABEL_KEY_PATTERN, type InstanceMetadata } from "../domain/instance-metadata/placeholders";
import { toSnakeCaseResult } from "../domain/manifest/external";
import { plural } from "../domain/plural";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError, type CliIo, type Command } from "./command";
import { apiBaseFor, fetchProtectedSpecs, RemoteError, type RemoteTarget } from "./remote";
import { formatText } from "./validation-output";

const USAGE = `Usage: strata dry-run [dir] [--rootfs <dir>] [--out <dir>] [--instance-metadata <meta.json>] [--json]
                      [--remote [<url>]] [--token <token>] [--timeout <seconds>]

Reads <dir>/manifest.yaml (default dir: .) and the files under <dir>/rootfs/, and writes
  <out>/manifest.json      the parsed manifest
  <out>/file-list.txt      the paths that would ship: under rootfs/, covered by file_spec, not masked
  <out>/package-list.txt   the package_spec entries
(<out> defaults to <dir>/dist). Reports files no file_spec glob covers (they will not ship), file_spec globs that
match no file, and with --remote, files another module of the account protects (dropped when both are composed).

--rootfs <dir>                the tree to list instead of <dir>/rootfs (CI: the built tree, packages included)
--instance-metadata <file>    JSON {"name", "arch", "hostname", "site", "labels": {…}}: renders the \${instance.*}
                              placeholders as one node would get them into <out>/instance/, and reports those
                              without a value
--remote [<url>]              ask Strata (STRATA_URL) for the account's protected paths; --token or STRATA_TOKEN
                              (a viewer token is enough)

Exit status: 0 the manifest is valid (warnings allowed), 1 it has errors, 2 usage or I/O error.`;

const metadataFile = z
  .object({
    name: z.string().max(INSTANCE_METADATA_LIMITS.valueChars).optional(),
    arch: z.string().max(INSTANCE_METADATA_LIMITS.valueChars).optional(),
    hostname: z.string().max(INSTANCE_METADATA_LIMITS.valueChars).optional(),
    site: z.string().max(INSTANCE_METADATA_LIMITS.valueChars).optional(),
    labels: z.record(z.string().regex(LABEL_KEY_PATTERN), z.string().max(INSTANCE_METADATA_LIMITS.valueChars)).optional(),
  })
  .strict();

async function readTree(root: string, io: CliIo): Promise<DryRunFile[]> {
  const files: DryRunFile[] = [];
  const decoder = new TextDecoder("utf-8", { fatal: true });
  async function walk(dir: string, nodePath: string): Promise<void> {
    const entries = (await io.readDirectory(dir)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const node = `${nodePath}/${entry.name}`;
      if (entry.kind === "directory") {
        await walk(path, node);
        continue;
      }
      if (files.length >= DRY_RUN_LIMITS.files) throw new Error(`more than ${DRY_RUN_LIMITS.files} files under ${root}: Strata's ingest would refuse the file list`);
      // Symbolic links ship as links (never followed); their text is not read.
      if (entry.kind !== "file") {
        files.push({ path: node, text: null });
        continue;
      }
      const bytes = await io.readFile(path);
      let text: string | null = null;
      if (bytes.length <= DRY_RUN_LIMITS.placeholderScanBytes) {
        try {
          text = decoder.decode(bytes);
        } catch {
          text = null; // binary: no placeholders to look for
        }
      }
      files.push({ path: node, text });
    }
  }
  await walk(root, "");
  return files;
}

function report(result: DryRunResult, out: string, rootfsLabel: string): string {
  const lines: string[] = [];
  for (const path of result.notCovered) lines.push(`warning: ${path} is in ${rootfsLabel} but no file_spec glob covers it: it will not ship.`);
  for (const glob of result.unmatchedGlobs) lines.push(`warning: file_spec \`${glob}\` matches no file in ${rootfsLabel} (files from packages may still match it).`);
  for (const path of result.masked) lines.push(`note: ${path} is covered by file_spec but masked: it will not ship.`);
  for (const p of result.protectedElsewhere) {
    lines.push(`conflict: ${p.path} is protected by module ${p.module} (\`${p.glob}\`): dropped whenever both are composed.`);
  }
  for (const p of result.placeholders) {
    if (p.unknown.length > 0) lines.push(`warning: ${p.path} uses ${p.unknown.map((n) => `\${${n}}`).join(", ")}, which no instance can set (fields: name, arch, hostname, site, labels.<key>).`);
    if (p.rendered === null) lines.push(`note: ${p.path} uses ${p.names.map((n) => `\${${n}}`).join(", ")} (instance-variety modules get them from each node's metadata).`);
    else if (p.missing.length > 0) lines.push(`warning: ${p.path}: no value for ${p.missing.map((n) => `\${${n}}`).join(", ")} in the instance metadata; the node would get the placeholder as written.`);
  }
  lines.push(
    `wrote ${join(out, "manifest.json")}, ${join(out, "file-list.txt")} (${plural(result.fileList.length, "file")}), ${join(out, "package-list.txt")} (${plural(result.packageList.length, "package")})`,
  );
  if (result.placeholders.some((p) => p.rendered !== null)) lines.push(`rendered ${plural(result.placeholders.length, "file")} with placeholders into ${join(out, "instance")}/`);
  return lines.join("\n") + "\n";
}

export const dryRunCommand: Command = {
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    // --remote takes a value only when it looks like a URL (as in `strata validate`).
    const normalized: string[] = [];
    let remoteUrl: string | undefined;
    let remote = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === "--remote") {
        remote = true;
        const next = args[i + 1];
        if (next !== undefined && /^https?:\/\//.test(next)) {
          remoteUrl = next;
          i++;
        }
      } else normalized.push(a);
    }
    let values: Record<string, string | boolean | undefined>;
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args: normalized,
        allowPositionals: true,
        strict: true,
        options: {
          rootfs: { type: "string" },
          out: { type: "string" },
          "instance-metadata": { type: "string" },
          json: { type: "boolean" },
          token: { type: "string" },
          timeout: { type: "string" },
        },
      }));
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    if (positionals.length > 1) throw new UsageError(`unexpected argument: ${positionals[1] ?? ""}`);
    const dir = positionals[0] ?? ".";
    const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
    if (!remote && (str("token") !== undefined || str("timeout") !== undefined)) throw new UsageError("--token and --timeout need --remote");

    let target: RemoteTarget | null = null;
    if (remote) {
      const url = remoteUrl ?? io.env.STRATA_URL;
      if (!url) throw new UsageError("--remote needs a URL (--remote https://strata.example.com) or STRATA_URL");
      const apiBase = apiBaseFor(url);
      if (!apiBase) throw new UsageError(`--remote '${url}' is not an http(s) URL`);
      const token = str("token") ?? io.env.STRATA_TOKEN;
      if (!token) throw new UsageError("--remote needs an API token: --token or STRATA_TOKEN");
      const seconds = str("timeout") !== undefined ? Number(str("timeout")) : 30;
      if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) throw new UsageError("--timeout must be a number of seconds, at most 3600");
      target = { apiBase, token, timeoutMs: seconds * 1000 };
    }

    const manifestPath = join(dir, "manifest.yaml");
    let manifestBytes: Uint8Array;
    try {
      manifestBytes = await io.readFile(manifestPath);
    } catch (e) {
      io.stderr(`strata dry-run: cannot read ${manifestPath}: ${e instanceof Error ? e.message : String(e)}\n`);
      return EXIT_USAGE;
    }
    const rootfs = str("rootfs") ?? join(dir, "rootfs");
    const out = str("out") ?? join(dir, "dist");
    let files: DryRunFile[] = [];
    if (await io.isDirectory(rootfs)) files = await readTree(rootfs, io);
    else if (str("rootfs") !== undefined) {
      io.stderr(`strata dry-run: ${rootfs} is not a directory.\n`);
      return EXIT_USAGE;
    }

    let instanceMetadata: InstanceMetadata | null = null;
    const metaPath = str("instance-metadata");
    if (metaPath !== undefined) {
      try {
        const parsed = metadataFile.safeParse(JSON.parse(new TextDecoder().decode(await io.readFile(metaPath))));
        if (!parsed.success) {
          io.stderr(`strata dry-run: ${metaPath}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ")}\n`);
          return EXIT_USAGE;
        }
        instanceMetadata = parsed.data;
      } catch (e) {
        io.stderr(`strata dry-run: cannot read ${metaPath}: ${e instanceof Error ? e.message : String(e)}\n`);
        return EXIT_USAGE;
      }
    }

    let otherModules: { module: string; protectedSpec: string[] }[] = [];
    if (target) {
      try {
        otherModules = (await fetchProtectedSpecs(target)).map((m) => ({ module: m.name, protectedSpec: m.protected_spec }));
      } catch (e) {
        io.stderr(`strata dry-run: ${e instanceof RemoteError ? e.message : String(e)}\n`);
        return EXIT_USAGE;
      }
    }

    const result = dryRun({ manifestYaml: manifestBytes, files, otherModules, instanceMetadata });
    await io.writeFile(join(out, "manifest.json"), JSON.stringify(result.manifest, null, 2) + "\n");
    await io.writeFile(join(out, "file-list.txt"), result.fileList.map((p) => p + "\n").join(""));
    await io.writeFile(join(out, "package-list.txt"), result.packageList.map((p) => p + "\n").join(""));
    for (const p of result.placeholders) if (p.rendered !== null) await io.writeFile(join(out, "instance", ...p.path.split("/").filter(Boolean)), p.rendered);

    const validation = toSnakeCaseResult(result.validation);
    if (values.json) {
      io.stdout(
        JSON.stringify(
          {
            valid: validation.valid,
            validation,
            file_list: result.fileList,
            package_list: result.packageList,
            not_covered: result.notCovered,
            masked: result.masked,
            unmatched_globs: result.unmatchedGlobs,
            protected_elsewhere: result.protectedElsewhere,
            placeholders: result.placeholders.map((p) => ({ path: p.path, names: p.names, missing: p.missing, unknown: p.unknown })),
          },
          null,
          2,
        ) + "\n",
      );
    } else {
      io.stdout(formatText([{ file: manifestPath, result: validation }], false));
      io.stdout(report(result, out, rootfs + "/"));
    }
    return validation.valid ? EXIT_OK : EXIT_INVALID;
  },
};
