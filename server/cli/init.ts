/** `strata init`: a starter module repository (docs/cli.md, docs/authoring.md). The files come from the same generator as the module page's download. */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateStarterRepo, STARTER_VARIETIES, type StarterVariety } from "../domain/author-kit/starter";
import { CATEGORY_SLUG_PATTERN, MODULE_NAME_PATTERN } from "../domain/manifest/patterns";
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIo, type Command } from "./command";

const USAGE = `Usage: strata init <name> [--category <slug>] [--variety subscription|config|instance] [--parent <module>]
                   [--dir <directory>] [--repository <url>] [--oci-repository <host/path>] [--strata-url <url>]
                   [--account <slug>] [--force]

Writes a module repository into <directory> (default ./<name>): manifest.yaml (every key, commented), rootfs/ with
an example file, a Containerfile for the builder, .gitea/ and .github/ CI workflows that build, push the OCI
artifact, sign it keylessly and notify Strata, and a README. The module page in Strata offers the same files as a
zip with its registered repository and identity regexp filled in.

Refuses a directory that already exists unless --force is given (existing files with the same names are then
overwritten; others are left alone).`;

export const initCommand: Command = {
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    let values: Record<string, string | boolean | undefined>;
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        strict: true,
        options: {
          category: { type: "string" },
          variety: { type: "string" },
          parent: { type: "string" },
          dir: { type: "string" },
          repository: { type: "string" },
          "oci-repository": { type: "string" },
          "strata-url": { type: "string" },
          account: { type: "string" },
          force: { type: "boolean" },
        },
      }));
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
    const [name, ...extra] = positionals;
    if (!name) throw new UsageError("a module name is required");
    if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra[0] ?? ""}`);
    if (!MODULE_NAME_PATTERN.test(name)) throw new UsageError(`'${name}' is not a module name: lowercase letters, digits and dashes, starting with a letter`);
    const variety = str("variety") ?? "subscription";
    if (!(STARTER_VARIETIES as readonly string[]).includes(variety)) throw new UsageError(`--variety must be one of ${STARTER_VARIETIES.join(", ")}`);
    const category = str("category");
    if (category !== undefined && !CATEGORY_SLUG_PATTERN.test(category)) throw new UsageError(`--category '${category}' is not a category slug`);
    const parent = str("parent");
    if (parent !== undefined && !MODULE_NAME_PATTERN.test(parent)) throw new UsageError(`--parent '${parent}' is not a module name`);
    if (variety === "config" && !parent) throw new UsageError("a config module overrides another module's configuration: name it with --parent");

    const dir = str("dir") ?? name;
    if ((await io.exists(dir)) && !values.force) {
      io.stderr(`strata init: ${dir} already exists; choose another --dir or pass --force to write into it.\n`);
      return EXIT_USAGE;
    }
    const files = generateStarterRepo({
      name,
      variety: variety as StarterVariety,
      category: category ?? null,
      parentModule: parent ?? null,
      repositoryUrl: str("repository") ?? null,
      ociRepository: str("oci-repository") ?? null,
      strataUrl: str("strata-url") ?? io.env.STRATA_URL ?? null,
      accountSlug: str("account") ?? null,
    });
    for (const file of files) await io.writeFile(join(dir, ...file.path.split("/")), file.content);
    io.stdout(
      [
        `Wrote ${files.length} files to ${dir}/:`,
        ...files.map((f) => `  ${f.path}`),
        "",
        "Next:",
        `  cd ${dir}`,
        "  strata dry-run            # what a build would ship (dist/file-list.txt)",
        `  register ${name} in Strata (Modules → Register), then push: CI builds, signs and notifies Strata.`,
        "",
      ].join("\n"),
    );
    return EXIT_OK;
  },
};
