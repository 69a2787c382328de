import { approvalsRouter } from "./routers/approvals/router";
import { auditRouter } from "./routers/audit/router";
import { authRouter } from "./routers/auth/router";
import { homeRouter } from "./routers/home/router";
import { instancesRouter } from "./routers/instances/router";
import { ingestRouter } from "./routers/ingest/router";
import { categoriesRouter } from "./routers/categories/router";
import { manifestsRouter } from "./routers/manifests/router";
import { membersRouter } from "./routers/members/router";
import { modulesRouter } from "./routers/modules/router";
import { policyRouter } from "./routers/policy/router";
import { promotionRouter } from "./routers/promotion/router";
import { rolloutsRouter } from "./routers/rollouts/router";
import { templatesRouter } from "./routers/templates/router";
import { systemRouter } from "./routers/system/router";
import { tokensRouter } from "./routers/tokens/router";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  approvals: approvalsRouter,
  auth: authRouter,
  audit: auditRouter,
  categories: categoriesRouter,
  home: homeRouter,
  ingest: ingestRouter,
  instances: instancesRouter,
  manifests: manifestsRouter,
  members: membersRouter,
  modules: modulesRouter,
  policy: policyRouter,
  promotion: promotionRouter,
  rollouts: rolloutsRouter,
  templates: templatesRouter,
  system: systemRouter,
  tokens: tokensRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
