/** Shared by the CLI's unit tests: run `main()` in-process with captured output, and files in a temp directory. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";
import type { CliIo } from "./command";
import { main, processIo } from "./main";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `main(args)` with stdout/stderr captured, `stdin` as standard input and only `env` as the environment. */
export async function runCli(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    ...processIo,
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: async () => new TextEncoder().encode(options.stdin ?? ""),
    env: options.env ?? {},
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/**
 * A temp directory removed after the test file, and `file(relative, content)` that writes into it (creating parent
 * directories) and returns the full path. Call at the top level of a test file.
 */
export function tempTree(prefix: string): { dir: string; file: (relative: string, content: string | Uint8Array) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    file(relative, content) {
      const path = join(dir, relative);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      return path;
    },
  };
}
