import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../../errors";
import { camelCase, inputReader, restError, snakeCase, toWire, wireEnum } from "./kit";

const uuid = "6f1c3c1e-8a57-4c3e-9a53-4d1c7a0f2b11";

describe("names", () => {
  it("converts keys both ways", () => {
    expect(snakeCase("promotionRequestId")).toBe("promotion_request_id");
    expect(camelCase("promotion_request_id")).toBe("promotionRequestId");
    expect(camelCase(snakeCase("sha256"))).toBe("sha256");
  });
});

describe("toWire", () => {
  const schema = z.object({
    created_at: z.string(),
    latest_by_state: z.partialRecord(z.enum(["live"]), z.object({ previously_live: z.boolean() })),
    metadata: z.record(z.string(), z.unknown()),
    items: z.array(z.object({ related_module: z.string().optional() })),
  });

  it("writes the schema's keys in snake_case, Dates as ISO strings, free-form keys as they are", () => {
    const at = new Date("2026-01-02T03:04:05.000Z");
    const written = toWire(schema, {
      createdAt: at,
      latestByState: { live: { previouslyLive: true } },
      metadata: { siteName: "ams" },
      items: [{ relatedModule: "base" }, {}],
      internalId: "not on the wire",
    });
    expect(written).toEqual({
      created_at: "2026-01-02T03:04:05.000Z",
      latest_by_state: { live: { previously_live: true } },
      metadata: { siteName: "ams" },
      items: [{ related_module: "base" }, {}],
    });
  });

  it("accepts an answer already in the external shape", () => {
    expect(toWire(schema.pick({ created_at: true }), { created_at: "x" })).toEqual({ created_at: "x" });
  });
});

describe("inputReader", () => {
  const input = z
    .object({ templateId: z.string(), displayName: z.string().min(1), pageSize: z.number().int().max(10).default(5) })
    .strict();

  it("reads snake_case fields into the service's input and fills path fields with their one schema", () => {
    const reader = inputReader({ input, params: { id: "templateId" }, from: "body" });
    expect(Object.keys(reader.wire.body?.shape ?? {})).toEqual(["display_name", "page_size"]);
    expect(reader.read({ params: { id: uuid }, query: {}, body: { display_name: "x" } })).toEqual({ templateId: uuid, displayName: "x", pageSize: 5 });
    expect(() => reader.checkParams({ id: "nope" })).toThrow(AppError);
  });

  it("reports issues under their wire names; unknown keys of a strict input are refused", () => {
    const reader = inputReader({ input, params: { id: "templateId" }, from: "body" });
    const error = (() => {
      try {
        reader.read({ params: { id: uuid }, query: {}, body: { display_name: "", displayName: "camel" } });
      } catch (caught) {
        return caught as AppError;
      }
      throw new Error("expected a failure");
    })();
    expect(error.details).toMatchObject({
      location: "body",
      issues: [{ path: "", message: 'Unrecognized key: "displayName"' }, { path: "display_name" }],
      fields: { display_name: expect.any(String) },
    });
  });

  it("turns query text into the service's numbers", () => {
    const reader = inputReader({ input: input.omit({ templateId: true }), from: "query" });
    expect(reader.read({ params: {}, query: { display_name: "x", page_size: "7" }, body: undefined })).toEqual({ displayName: "x", pageSize: 7 });
    expect(reader.readsBody).toBe(false);
  });

  it("parses snake_case enum values into the service's", () => {
    expect(wireEnum(["name", "effectivePriority"], "name").parse("effective_priority")).toBe("effectivePriority");
    expect(wireEnum(["name", "effectivePriority"], "name").parse(undefined)).toBe("name");
  });
});

describe("restError", () => {
  it("puts field errors under their wire names and writes manifest issues in snake_case; other details stay", () => {
    const issue = { code: "x", severity: "error", message: "m", path: "/a", range: { startLine: 1, startColumn: 2, endLine: 1, endColumn: 3 }, relatedModule: "base" };
    const error = restError(
      new AppError("UNPROCESSABLE", "bad", {
        fieldErrors: { manifestYaml: "1 error" },
        details: { reason: "MANIFEST_INVALID", currentRevision: 3, validation: { valid: false, errors: [issue], warnings: [], conflicts: [] } },
      }),
    );
    expect(error?.details).toEqual({
      fields: { manifest_yaml: "1 error" },
      reason: "MANIFEST_INVALID",
      currentRevision: 3,
      validation: {
        valid: false,
        errors: [{ code: "x", severity: "error", message: "m", path: "/a", range: { start_line: 1, start_column: 2, end_line: 1, end_column: 3 }, related_module: "base" }],
        warnings: [],
        conflicts: [],
      },
    });
  });

  it("renames the detail keys a route lists, and maps a ZodError to a 400 with snake_case paths", () => {
    expect(restError(new AppError("CONFLICT", "c", { details: { currentHash: "h" } }), { currentHash: "current_sha256" })?.details).toEqual({ current_sha256: "h" });
    const zod = z.object({ fileList: z.array(z.string().startsWith("/")) }).safeParse({ fileList: ["x"] }).error;
    expect(restError(zod)).toMatchObject({ code: "BAD_REQUEST", details: { location: "body", issues: [{ path: "file_list.0" }] } });
    expect(restError(new Error("boom"))).toBeUndefined();
  });
});
