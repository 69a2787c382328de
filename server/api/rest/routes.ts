import { z } from "zod";
import { defineRoute, type RestRoute } from "./define";
import { buildOpenApiDocument } from "./openapi";
import { promotionRoutes } from "./routes-promotion";
import { moduleRoutes } from "./routes-modules";
import { getModuleManifestRoute, putModuleManifestRoute } from "./routes-manifests";
import { categoriesRoute, whoamiRoute } from "./routes-system";
import { templateRoutes } from "./routes-templates";
import { agentRoutes } from "./routes-agent";
import { instanceRoutes } from "./routes-instances";
import { ingestRoutes } from "./routes-ingest";
import { rolloutRoutes } from "./routes-rollouts";

const openApiRoute = defineRoute({
  method: "GET",
  path: "/openapi.json",
  access: "public",
  summary: "This OpenAPI document",
  tags: ["meta"],
  response: z.record(z.string(), z.unknown()),
  handler: () => buildOpenApiDocument(restRoutes, "1") as unknown as Record<string, unknown>,
});

/** Every REST route. The authorization matrix test walks this list. */
export const restRoutes: RestRoute[] = [
  openApiRoute,
  whoamiRoute,
  categoriesRoute,
  ...moduleRoutes,
  getModuleManifestRoute,
  putModuleManifestRoute,
  ...promotionRoutes,
  ...templateRoutes,
  ...instanceRoutes,
  ...agentRoutes,
  ...ingestRoutes,
  ...rolloutRoutes,
];
