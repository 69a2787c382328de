import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");

/**
 * Node arguments that run a TypeScript program as the server does: tsx as a loader (one process, not its CLI,
 * which would run the program in a child of its own) and the `server-only` hook of scripts/node/server-process.mjs.
 */
export function serverProcessArgs(program: string, ...args: string[]): string[] {
  return ["--import", path.join(root, "scripts", "node", "server-process.mjs"), "--import", "tsx", path.join(root, program), ...args];
}
