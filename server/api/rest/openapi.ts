import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject } from "zod-openapi";
import { errorBodySchema, type RestRoute } from "./define";

const STATUS_TEXT: Record<number, string> = {
  400: "Invalid input",
  401: "Missing or invalid bearer token",
  403: "The token's role or scopes do not allow this",
  404: "Not found in this account",
  409: "Conflict with the current state",
  413: "Payload too large",
  422: "Semantically invalid (e.g. manifest errors, transition not allowed)",
  429: "Rate limited",
};

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. */
export function buildOpenApiDocument(routes: readonly RestRoute[], version: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    if (route.path === "/openapi.json") continue;
    const { wire } = route.input;
    const errorStatuses = new Set<number>([400, ...(route.access === "public" ? [] : route.access === "agent" ? [401] : [401, 403]), ...(route.errorStatuses ?? [])]);
    const responses: Record<string, ZodOpenApiResponseObject> = {
      [String(route.successStatus ?? 200)]: {
        description: "Success",
        content: { "application/json": { schema: route.response } },
      },
    };
    for (const [status, description] of Object.entries(route.successResponses ?? {})) {
      responses[status] = { description, content: { "application/json": { schema: route.response } } };
    }
    for (const status of [...errorStatuses].sort()) {
      responses[String(status)] = { description: STATUS_TEXT[status] ?? "Error", content: { "application/json": { schema: errorBodySchema } } };
    }
    const operation: ZodOpenApiOperationObject = {
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, "").replace(/(^|[/_])(\w)/g, (_m, _s, c: string) => c.toUpperCase())}`,
      summary: route.summary,
      tags: route.tags,
      ...(route.access === "public" ? { security: [] } : {}),
      ...(route.access === "agent" ? { security: [{ agentToken: [] }], "x-strata-access": "agent" } : {}),
      ...(typeof route.access === "object" ? { "x-strata-permission": route.access.permission } : {}),
      requestParams: {
        ...(wire.params ? { path: wire.params } : {}),
        ...(wire.query ? { query: wire.query } : {}),
      },
      ...(wire.body ? { requestBody: { required: true, content: { "application/json": { schema: wire.body } } } } : {}),
      responses: responses as ZodOpenApiOperationObject["responses"],
    };
    const method = route.method.toLowerCase() as "get" | "post" | "put" | "patch" | "delete";
    paths[route.path] = { ...(paths[route.path] ?? {}), [method]: operation };
  }
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Strata API",
      version,
      description:
        "Strata's REST API for CI, node agents and scripts. JSON uses snake_case. Errors are `{error: {code, message, details}}`. " +
        "Authenticate with `Authorization: Bearer <API token>` (Settings → API tokens); the agent API (/agent/…) " +
        "takes node agents' own tokens instead.",
    },
    servers: [{ url: "/api/v1" }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API token (stk_…), Settings → API tokens" },
        agentToken: { type: "http", scheme: "bearer", description: "A node agent's token (sna_…), docs/fleet.md" },
      },
    },
    security: [{ bearer: [] }],
    paths,
  });
}
