import { Validator } from "@seriousme/openapi-schema-validator";

/** Validates against the official OpenAPI 3.1 JSON Schema; returns the errors (empty when valid). */
export async function validateOpenApiDocument(doc: unknown): Promise<unknown[]> {
  const validator = new Validator();
  const result = await validator.validate(doc as Parameters<Validator["validate"]>[0]);
  return result.valid ? [] : ([] as unknown[]).concat(result.errors ?? ["invalid"]);
}
