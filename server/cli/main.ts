/**
 * `strata` — command-line tools for module authors (docs/cli.md). A thin dispatcher: each subcommand lives in its
 * own file, is listed in COMMANDS below and is imported only when it runs.
 */
import { lstat, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { closestMatch } from "../domain/manifest/suggest";
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIo, type CommandEntry } from "./command";

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "validate",
    summary: "check manifest.yaml files (exit 0 valid, 1 invalid)",
    load: async () => (await import("./validate")).validateCommand,
  },
  {
    name: "compose",
    summary: "compose local manifests: layers, dependencies, who wins each file (exit 1 on errors)",
    load: async () => (await import("./compose")).composeCommand,
  },
  {
    name: "init",
    summary: "write a starter module repository (manifest, rootfs/, Containerfile, CI workflows)",
    load: async () => (await import("./init")).initCommand,
  },
  {
    name: "dry-run",
    summary: "what a build would ship: dist/manifest.json, file-list.txt, package-list.txt (exit 1 invalid)",
    load: async () => (await import("./dry-run")).dryRunCommand,
  },
  { name: "schema", summary: "print the manifest JSON Schema", load: async () => (await import("./schema")).schemaCommand },
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "Usage: strata <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `strata <command> --help` for a command's options.",
  ].join("\n");
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readFile: (path) => readFile(path),
  readStdin: () => readAll(process.stdin),
  isDirectory: async (path) => (await stat(path).catch(() => null))?.isDirectory() ?? false,
  readDirectory: async (path) =>
    (await readdir(path, { withFileTypes: true })).map((entry) => ({
      name: entry.name,
      kind: entry.isFile() ? "file" : entry.isDirectory() ? "directory" : "other",
    })),
  writeFile: async (path, content) => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  },
  exists: async (path) => (await lstat(path).catch(() => null)) !== null,
  env: process.env,
};

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(usage() + "\n");
    return EXIT_USAGE;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    io.stdout(usage() + "\n");
    return EXIT_OK;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    const near = closestMatch(name, COMMANDS.map((c) => c.name));
    io.stderr(`strata: unknown command '${name}'.${near ? ` Did you mean '${near}'?` : ""}\n\n${usage()}\n`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(command.usage + "\n");
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`strata ${entry.name}: ${e.message}\n\n${command.usage}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`strata ${entry.name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_USAGE;
  }
}
