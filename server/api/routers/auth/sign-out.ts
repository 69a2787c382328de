import { z } from "zod";
import { clearedSessionCookie } from "../../../auth/sessions";
import { signOut } from "../../../services/auth";
import { permissionProcedure } from "../../trpc";

export const signOutProcedure = permissionProcedure("account.read").output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
  if (ctx.request.sessionToken) await signOut(ctx.db, ctx.request.sessionToken);
  ctx.resHeaders.append("Set-Cookie", clearedSessionCookie(ctx.request.secureCookies));
  return { ok: true as const };
});
