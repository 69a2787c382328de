import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>;

export type PipelineData = Outputs["promotion"]["pipeline"];
export type PipelineVersion = PipelineData["versions"][number];
export type BoardData = Outputs["promotion"]["board"];
export type BoardRow = BoardData["rows"][number];
export type BoardVersion = BoardRow["columns"]["built"][number];
