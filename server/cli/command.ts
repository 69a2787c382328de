/**
 * The shape every `strata` subcommand implements. A command gets its own arguments and an I/O object (so tests
 * and other hosts can run it without a process) and returns the exit code: 0 success, 1 the checked thing is
 * invalid, 2 usage or I/O error. To add a command, write `server/cli/<name>.ts` exporting a Command and add a
 * CommandEntry for it to the list in main.ts.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<Uint8Array>;
  readStdin(): Promise<Uint8Array>;
  /** True for an existing directory (symbolic links followed); false for anything else, missing paths included. */
  isDirectory(path: string): Promise<boolean>;
  /** The entries of a directory, symbolic links reported as "other" (not followed). */
  readDirectory(path: string): Promise<DirectoryEntry[]>;
  /** Writes a file, creating its parent directories (`strata init`, `strata dry-run`). */
  writeFile(path: string, content: string | Uint8Array): Promise<void>;
  /** True when anything exists at the path (a file, a directory, a dangling link). */
  exists(path: string): Promise<boolean>;
  /** The environment, e.g. STRATA_URL and STRATA_TOKEN for `strata validate --remote`. */
  env: Readonly<Record<string, string | undefined>>;
}

export interface DirectoryEntry {
  name: string;
  kind: "file" | "directory" | "other";
}

export interface Command {
  /** Full usage text for `strata <name> --help`. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/**
 * A command as `strata --help` lists it. Its code is imported only when it runs, so a `strata validate` in a
 * pre-commit hook never loads (or, in the bundle, even reads) the composition engine.
 */
export interface CommandEntry {
  name: string;
  /** One line for `strata --help`. */
  summary: string;
  load(): Promise<Command>;
}

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

/** Thrown by commands for usage mistakes; main() prints the message and the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
