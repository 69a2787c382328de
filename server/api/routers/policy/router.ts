import { createTRPCRouter } from "../../trpc";
import { getPolicyProcedure } from "./get";
import { updatePolicyProcedure } from "./update";

export const policyRouter = createTRPCRouter({ get: getPolicyProcedure, update: updatePolicyProcedure });
