import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

/** DTOs as the templates router returns them (inferred; never hand-written twins). */
type Outputs = inferRouterOutputs<AppRouter>["templates"];
type Inputs = inferRouterInputs<AppRouter>["templates"];

export type TemplateListRow = Outputs["list"]["templates"][number];
export type TemplateDetail = Outputs["get"];
export type Assignment = TemplateDetail["assignments"][number];
export type Preview = Outputs["preview"];
export type PreviewLayer = Preview["layers"][number];
export type PreviewIssue = Preview["errors"][number];
export type PreviewDiff = NonNullable<Preview["diff"]>;
export type Health = Preview["health"];
export type OverlayPage = Outputs["overlay"];
export type OverlayRow = OverlayPage["rows"][number];
export type PathStory = Outputs["overlayPath"];
export type CatalogModule = Outputs["catalog"]["modules"][number];
export type ProposedChange = NonNullable<Inputs["preview"]["change"]>;
export type OverlayFilter = NonNullable<Inputs["overlay"]["filter"]>;

/** Directory winner markers of the overlay index (server/domain/composition/overlay-query.ts). */
export const MIXED_WINNER = -2;
export const NO_WINNER = -1;
