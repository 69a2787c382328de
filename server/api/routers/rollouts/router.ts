import { createTRPCRouter } from "../../trpc";
import { abortProcedure } from "./abort";
import { clearBadProcedure } from "./clear-bad";
import { getProcedure } from "./get";
import { listProcedure } from "./list";
import { markBadProcedure } from "./mark-bad";
import { ofRequestProcedure } from "./of-request";
import { pauseProcedure } from "./pause";
import { planProcedure } from "./plan";
import { policyProcedure } from "./policy";
import { updatePolicyProcedure } from "./update-policy";
import { promoteNowProcedure } from "./promote-now";
import { resumeProcedure } from "./resume";

export const rolloutsRouter = createTRPCRouter({
  list: listProcedure,
  get: getProcedure,
  ofRequest: ofRequestProcedure,
  plan: planProcedure,
  pause: pauseProcedure,
  resume: resumeProcedure,
  promoteNow: promoteNowProcedure,
  abort: abortProcedure,
  markBad: markBadProcedure,
  clearBad: clearBadProcedure,
  policy: policyProcedure,
  updatePolicy: updatePolicyProcedure,
});
