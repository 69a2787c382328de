import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

/** DTOs as the browser receives them (router outputs after superjson), never Prisma types. */
type Outputs = inferRouterOutputs<AppRouter>;
export type ModuleCatalogDto = Outputs["modules"]["list"];
export type CatalogRowDto = ModuleCatalogDto["modules"][number];
export type VersionSummaryDto = NonNullable<CatalogRowDto["versions"]>;
export type ModuleDetailDto = Outputs["modules"]["get"];
export type ModuleDependenciesDto = Outputs["modules"]["dependencies"];
export type ModuleActivityDto = Outputs["modules"]["activity"];
