import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>;

export type RequestList = Outputs["approvals"]["list"];
export type RequestListItem = RequestList["requests"][number];
export type RequestDetail = Outputs["approvals"]["get"];
export type BlastRadius = Outputs["approvals"]["blastRadius"];
