/** `strata schema`: the manifest JSON Schema, e.g. for `# yaml-language-server: $schema=...` in other editors. */
import { parseArgs } from "node:util";
import { manifestJsonSchema } from "../domain/manifest/json-schema";
import { EXIT_OK, UsageError, type CliIo, type Command } from "./command";

const USAGE = `Usage: strata schema

Prints the JSON Schema (draft-07) of manifest.yaml schema_version 1. Save it and point your editor's YAML
language server at it for completion and hover documentation.`;

export const schemaCommand: Command = {
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    try {
      const { positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: {} });
      if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0] ?? ""}`);
    } catch (e) {
      throw e instanceof UsageError ? e : new UsageError(e instanceof Error ? e.message : String(e));
    }
    io.stdout(JSON.stringify(manifestJsonSchema(), null, 2) + "\n");
    return EXIT_OK;
  },
};
