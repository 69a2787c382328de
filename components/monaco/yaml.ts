/**
 * monaco-yaml, configured once for the whole app (it allows one configured instance at a time). Features register
 * their JSON Schemas here; the YAML worker (schema completion, hover docs, formatting) runs off the main thread.
 *
 * `validate: false`: Strata's own validator (server/domain/manifest) is the single source of markers — it knows
 * legacy shapes, exact ranges and account conflicts; the schema validation of monaco-yaml would duplicate a
 * subset of its errors with different wording. `enableSchemaRequest: false`: schemas are inline, nothing is fetched.
 */
import { configureMonacoYaml, type MonacoYaml, type SchemasSettings } from "monaco-yaml";
import type { Monaco } from "./monaco";

let instance: MonacoYaml | undefined;
const schemas = new Map<string, SchemasSettings>();

function options() {
  return {
    validate: false,
    enableSchemaRequest: false,
    completion: true,
    hover: true,
    hoverSchemaSource: false,
    // Prettier's YAML printer (in the worker): keeps comments and key order; long prose stays as written.
    format: { enable: true, printWidth: 120, proseWrap: "preserve" as const, singleQuote: false, bracketSpacing: true },
    isKubernetes: false,
    schemas: [...schemas.values()],
  };
}

/**
 * Associates a JSON Schema with models whose URI matches `fileMatch`. Idempotent per `uri`. Takes the `monaco`
 * namespace from an editor's `beforeMount`/`onMount` (import this module lazily: it must not run during SSR).
 */
export function registerYamlSchema(monaco: Monaco, schema: SchemasSettings): void {
  schemas.set(schema.uri, schema);
  if (!instance) instance = configureMonacoYaml(monaco, options());
  else void instance.update(options());
}
