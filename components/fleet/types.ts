import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

/** Fleet DTOs as the browser receives them (router outputs after superjson), never Prisma types. docs/fleet.md. */
type Outputs = inferRouterOutputs<AppRouter>;
export type InstanceListDto = Outputs["instances"]["list"];
export type InstanceRowDto = InstanceListDto["instances"][number];
export type FleetSummaryDto = InstanceListDto["summary"];
export type InstanceDetailDto = Outputs["instances"]["get"];
export type InstanceModuleRowDto = InstanceDetailDto["modules"][number];
export type InstanceEventDto = InstanceDetailDto["events"][number];
export type RolloutProgressDto = Outputs["instances"]["rolloutProgress"];
export type EnrollmentTokenDto = Outputs["instances"]["enrollmentTokens"][number];
