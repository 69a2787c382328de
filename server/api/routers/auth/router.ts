import { createTRPCRouter } from "../../trpc";
import { meProcedure } from "./me";
import { signInProcedure } from "./sign-in";
import { signOutProcedure } from "./sign-out";
import { switchAccountProcedure } from "./switch-account";

export const authRouter = createTRPCRouter({
  signIn: signInProcedure,
  signOut: signOutProcedure,
  me: meProcedure,
  switchAccount: switchAccountProcedure,
});
