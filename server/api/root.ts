import { auditRouter } from "./routers/audit/router";
import { authRouter } from "./routers/auth/router";
import { categoriesRouter } from "./routers/categories/router";
import { membersRouter } from "./routers/members/router";
import { policyRouter } from "./routers/policy/router";
import { templatesRouter } from "./routers/templates/router";
import { tokensRouter } from "./routers/tokens/router";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  audit: auditRouter,
  categories: categoriesRouter,
  members: membersRouter,
  policy: policyRouter,
  templates: templatesRouter,
  tokens: tokensRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
