import { describe, expect, it } from "vitest";
import { manifestJsonSchema, MANIFEST_JSON_SCHEMA_ID } from "./json-schema";
import { MANIFEST_KEYS } from "./schema";

type Schema = Record<string, unknown>;

function isSchema(v: unknown): v is Schema {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Every property schema in the document, with its dotted location. */
function properties(schema: Schema, at = ""): Array<[string, Schema]> {
  const out: Array<[string, Schema]> = [];
  const visit = (s: unknown, where: string) => {
    if (!isSchema(s)) return;
    const props = s.properties;
    if (isSchema(props)) {
      for (const [k, v] of Object.entries(props)) {
        if (isSchema(v)) out.push([`${where}${k}`, v]);
        visit(v, `${where}${k}.`);
      }
    }
    visit(s.items, `${where}[].`);
    visit(s.additionalProperties, `${where}*.`);
    if (Array.isArray(s.anyOf)) s.anyOf.forEach((a) => visit(a, where));
  };
  visit(schema, at);
  return out;
}

describe("manifestJsonSchema", () => {
  const schema = manifestJsonSchema();

  it("is draft-07 with an $id, strict at the top level, requiring schema_version and name", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.$id).toBe(MANIFEST_JSON_SCHEMA_ID);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(["schema_version", "name"]);
    expect(Object.keys(schema.properties as Schema)).toEqual([...MANIFEST_KEYS]);
  });

  it("documents every key (hover text in the editor)", () => {
    const props = properties(schema);
    expect(props.length).toBeGreaterThan(50);
    const undocumented = props.filter(([, s]) => typeof s.description !== "string" || s.description.length < 5).map(([k]) => k);
    expect(undocumented).toEqual([]);
  });

  it("carries markdown descriptions where formatting helps", () => {
    const props = Object.fromEntries(properties(schema));
    expect(props["file_spec"]?.markdownDescription).toContain("`**`");
    expect(props["dependencies.provides"]?.markdownDescription).toContain("**exclusive**");
  });

  it("encodes the single-field rules", () => {
    const props = Object.fromEntries(properties(schema));
    expect(props["name"]?.pattern).toBe("^[a-z](?:[a-z0-9-]{0,62}[a-z0-9])?$");
    expect(props["display_name"]?.maxLength).toBe(200);
    expect(props["services.[].exposed_ports.[].port"]).toMatchObject({ type: "integer", minimum: 1, maximum: 65535 });
    expect(props["services.[].restart_policy"]?.enum).toEqual(["never", "on-failure", "always"]);
    expect(props["services.[].health.method"]?.enum).toEqual(["GET", "POST", "PUT", "TCP"]);
    expect(JSON.stringify(props["build.ubuntu_digest"])).toContain("sha256:[0-9a-f]{64}");
    const services = (schema.properties as Schema).services as Schema;
    expect((services.items as Schema).additionalProperties).toBe(false);
    expect((services.items as Schema).required).toEqual(["name"]);
  });

  it("returns an independent copy", () => {
    const a = manifestJsonSchema();
    a.title = "changed";
    expect(manifestJsonSchema().title).not.toBe("changed");
  });
});
