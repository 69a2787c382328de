/** `strata validate <manifest.yaml | directory | -> ...` — see USAGE below and docs/cli.md. */
import { parseArgs } from "node:util";
import { toSnakeCaseResult, type ExternalValidationResult } from "../domain/manifest/external";
import { MANIFEST_LIMITS } from "../domain/manifest/guards";
import { validateManifest } from "../domain/manifest/validate";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError, type CliIo, type Command } from "./command";
import { findManifestFiles, MANIFEST_FILE_NAME } from "./manifest-files";
import { apiBaseFor, RemoteError, validateRemotely } from "./remote";
import { formatGithub, formatJson, formatText, STDIN_LABEL, type FileResult, type ReadFailure } from "./validation-output";

const USAGE = `Usage: strata validate <manifest.yaml | directory | -> ... [options]

Validates module manifests (schema_version 1) exactly as Strata does when one is saved. A directory is searched
for ${MANIFEST_FILE_NAME} files (node_modules and .git skipped); - reads standard input.

  --category <slug>    the category the modules are registered in (e.g. userland)
  --name <module>      the registered module name; the manifest's name must equal it (one manifest only)
  --format <format>    text (default): file:line:col: severity code message
                       json: the result object (several files: {valid, files, read_errors})
                       github: GitHub Actions annotations (::error / ::warning)
  --json               the same as --format json
  --remote [<url>]     validate on a Strata server, adding the checks against its account (conflicts with
                       its modules, requires that resolve); nothing is stored. The URL is the console's
                       address; without one here, STRATA_URL
  --token <token>      API token for --remote (or STRATA_TOKEN; prefer the variable: arguments are visible
                       to other users of the machine)
  --timeout <seconds>  --remote: give up on a request after this long (default 30, at most 3600)

Exit status: 0 every manifest valid (warnings and conflicts allowed), 1 some manifest invalid,
2 usage error, a file that cannot be read, or a --remote request that failed.`;

const FORMATS = ["text", "json", "github"] as const;
const DEFAULT_TIMEOUT_SECONDS = 30;
/** An hour: a request that takes longer is not coming back, and timers cannot be set much beyond 24 days anyway. */
const MAX_TIMEOUT_SECONDS = 3600;
type Format = (typeof FORMATS)[number];

interface Options {
  format: Format;
  categorySlug?: string;
  moduleName?: string;
  remote?: RemoteOptions;
}

interface RemoteOptions {
  url: string;
  token: string;
  timeoutSeconds: number;
}

/**
 * `--remote` takes the next argument as its URL only when that looks like one (http:// or https://), so
 * `strata validate --remote modules/` validates modules/ on the server named by STRATA_URL.
 */
function extractRemoteFlag(args: readonly string[]): { rest: string[]; remote: { url: string | undefined } | undefined } {
  const rest: string[] = [];
  let remote: { url: string | undefined } | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--") {
      rest.push(...args.slice(i));
      break;
    }
    if (arg.startsWith("--remote=")) {
      remote = { url: arg.slice("--remote=".length) };
    } else if (arg === "--remote") {
      const next = args[i + 1];
      remote = { url: next !== undefined && /^https?:\/\//i.test(next) ? next : undefined };
      if (remote.url !== undefined) i++;
    } else {
      rest.push(arg);
    }
  }
  return { rest, remote };
}

function parseOptions(args: readonly string[], env: CliIo["env"]): { options: Options; inputs: string[] } {
  const { rest, remote } = extractRemoteFlag(args);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        category: { type: "string" },
        name: { type: "string" },
        format: { type: "string" },
        json: { type: "boolean", default: false },
        token: { type: "string" },
        timeout: { type: "string" },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { positionals, values } = parsed;
  if (positionals.length === 0) throw new UsageError("missing the manifest file to validate");
  if (positionals.filter((p) => p === "-").length > 1) throw new UsageError("- (standard input) can be given once");

  const format = values.json ? "json" : (values.format ?? "text");
  if (!FORMATS.includes(format as Format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not '${format}'`);
  if (values.json && values.format !== undefined && values.format !== "json") throw new UsageError(`--json contradicts --format ${values.format}`);
  if (values.name !== undefined && positionals.length > 1) {
    throw new UsageError(`--name is the registered name of one module; give one manifest, not ${positionals.length}`);
  }

  const options: Options = {
    format: format as Format,
    ...(values.category !== undefined ? { categorySlug: values.category } : {}),
    ...(values.name !== undefined ? { moduleName: values.name } : {}),
  };
  if (remote) {
    const url = remote.url ?? env.STRATA_URL;
    if (!url) throw new UsageError("--remote needs the server's address: --remote https://strata.example.com, or set STRATA_URL");
    const token = values.token ?? env.STRATA_TOKEN;
    if (!token) throw new UsageError("--remote needs an API token: set STRATA_TOKEN (or pass --token)");
    const timeoutSeconds = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeoutSeconds !== undefined && !(timeoutSeconds > 0 && timeoutSeconds <= MAX_TIMEOUT_SECONDS)) {
      throw new UsageError(`--timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}, not '${values.timeout}'`);
    }
    options.remote = { url, token, timeoutSeconds: timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS };
  } else if (values.token !== undefined || values.timeout !== undefined) {
    throw new UsageError(`${values.token !== undefined ? "--token" : "--timeout"} is only used with --remote`);
  }
  return { options, inputs: positionals };
}

interface Target {
  label: string;
  read: () => Promise<Uint8Array>;
}

function readFailureReason(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "is a directory";
  if (code === "EACCES") return "permission denied";
  return e instanceof Error ? e.message : String(e);
}

/**
 * The files to check, in argument order, each once; directories expanded. Problems go to `failures`. `several`
 * depends on the arguments alone, never on how many files a directory held, so a script reading --json output
 * knows its shape from its own command line.
 */
async function resolveTargets(inputs: readonly string[], io: CliIo, failures: ReadFailure[]): Promise<{ targets: Target[]; several: boolean }> {
  const targets: Target[] = [];
  const seen = new Set<string>();
  const add = (label: string, read: () => Promise<Uint8Array>) => {
    if (seen.has(label)) return;
    seen.add(label);
    targets.push({ label, read });
  };
  let several = inputs.length > 1;
  for (const input of inputs) {
    if (input === "-") {
      add(STDIN_LABEL, () => io.readStdin());
    } else if (await io.isDirectory(input)) {
      several = true;
      let files: string[];
      try {
        files = await findManifestFiles(input, io);
      } catch (e) {
        failures.push({ file: input, message: `cannot read ${input}: ${readFailureReason(e)}` });
        continue;
      }
      if (files.length === 0) failures.push({ file: input, message: `no ${MANIFEST_FILE_NAME} under ${input}` });
      for (const file of files) add(file, () => io.readFile(file));
    } else {
      add(input, () => io.readFile(input));
    }
  }
  return { targets, several };
}

function validateLocally(bytes: Uint8Array, options: Options): ExternalValidationResult {
  return toSnakeCaseResult(
    validateManifest({
      manifestYaml: bytes,
      ...(options.categorySlug !== undefined ? { categorySlug: options.categorySlug } : {}),
      ...(options.moduleName !== undefined ? { moduleName: options.moduleName } : {}),
    }),
  );
}

/** Text for the server, or null when the local validator must answer (it reports the same first problem). */
function textToSend(bytes: Uint8Array): string | null {
  // Over the size limit: the validator answers input.too_large without the upload. Not UTF-8: JSON cannot carry the
  // bytes, and only the local validator can point at the offending line.
  if (bytes.length > MANIFEST_LIMITS.maxBytes) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

type Validator = (file: string, bytes: Uint8Array) => Promise<ExternalValidationResult>;

function chooseValidator(options: Options): Validator {
  const local: Validator = async (_file, bytes) => validateLocally(bytes, options);
  const remote = options.remote;
  if (!remote) return local;
  const apiBase = apiBaseFor(remote.url);
  if (apiBase === null) throw new UsageError(`--remote must be an http:// or https:// URL, not '${remote.url}'`);
  const target = { apiBase, token: remote.token, timeoutMs: remote.timeoutSeconds * 1000 };
  return async (file, bytes) => {
    const text = textToSend(bytes);
    if (text === null) return local(file, bytes);
    return validateRemotely(target, file, {
      manifestYaml: text,
      ...(options.categorySlug !== undefined ? { categorySlug: options.categorySlug } : {}),
      ...(options.moduleName !== undefined ? { moduleName: options.moduleName } : {}),
    });
  };
}

export const validateCommand: Command = {
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { options, inputs } = parseOptions(args, io.env);
    const validate = chooseValidator(options);
    const failures: ReadFailure[] = [];
    const { targets, several } = await resolveTargets(inputs, io, failures);

    const results: FileResult[] = [];
    for (const target of targets) {
      let bytes: Uint8Array;
      try {
        // Bytes, not a string: invalid UTF-8 must reach the validator instead of being replaced while reading.
        bytes = await target.read();
      } catch (e) {
        failures.push({ file: target.label, message: `cannot read ${target.label}: ${readFailureReason(e)}` });
        continue;
      }
      try {
        results.push({ file: target.label, result: await validate(target.label, bytes) });
      } catch (e) {
        if (!(e instanceof RemoteError)) throw e;
        // The server cannot be used (token, network, limits): the remaining files would fail alike, so stop here.
        io.stderr(`strata validate: ${e.message}\n`);
        return EXIT_USAGE;
      }
    }

    for (const failure of failures) io.stderr(`strata validate: ${failure.message}\n`);
    if (options.format === "json") {
      if (results.length > 0 || several) io.stdout(formatJson(results, failures, several));
    } else {
      io.stdout(options.format === "github" ? formatGithub(results, several) : formatText(results, several));
    }
    if (failures.length > 0) return EXIT_USAGE;
    return results.every((r) => r.result.valid) ? EXIT_OK : EXIT_INVALID;
  },
};
