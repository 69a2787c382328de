import { createTRPCRouter } from "../../trpc";
import { listProcedure } from "./list";
import { getProcedure } from "./get";
import { summaryProcedure } from "./summary";
import { driftReportProcedure } from "./drift-report";
import { eventsProcedure } from "./events";
import { rolloutProgressProcedure } from "./rollout-progress";
import { countsByTemplateProcedure } from "./counts-by-template";
import { createProcedure } from "./create";
import { rotateTokenProcedure } from "./rotate-token";
import { revokeTokenProcedure } from "./revoke-token";
import { decommissionProcedure } from "./decommission";
import { updateMetadataProcedure } from "./update-metadata";
import { enrollmentTokensProcedure } from "./enrollment-tokens";
import { createEnrollmentTokenProcedure } from "./create-enrollment-token";
import { revokeEnrollmentTokenProcedure } from "./revoke-enrollment-token";

/** The fleet (docs/fleet.md): nodes, drift, enrollment tokens, rollout progress. */
export const instancesRouter = createTRPCRouter({
  list: listProcedure,
  get: getProcedure,
  summary: summaryProcedure,
  driftReport: driftReportProcedure,
  events: eventsProcedure,
  rolloutProgress: rolloutProgressProcedure,
  countsByTemplate: countsByTemplateProcedure,
  create: createProcedure,
  rotateToken: rotateTokenProcedure,
  revokeToken: revokeTokenProcedure,
  decommission: decommissionProcedure,
  updateMetadata: updateMetadataProcedure,
  enrollmentTokens: enrollmentTokensProcedure,
  createEnrollmentToken: createEnrollmentTokenProcedure,
  revokeEnrollmentToken: revokeEnrollmentTokenProcedure,
});
