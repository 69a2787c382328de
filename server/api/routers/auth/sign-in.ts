import { z } from "zod";
import { resolveSessionToken, sessionCookie } from "../../../auth/sessions";
import { auditSignIn, signIn, signInInput } from "../../../services/auth";
import { serviceContext } from "../../../services/context";
import { publicRateLimitedProcedure } from "../../trpc";

export const signInOutput = z.object({ accountSlug: z.string() });

/** Public on purpose: this is how a session starts. Rate limited inside the service. */
export const signInProcedure = publicRateLimitedProcedure
  .input(signInInput)
  .output(signInOutput)
  .mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const session = await signIn(ctx.db, input, { ip: ctx.request.ip, userAgent: ctx.request.userAgent }, now);
    ctx.resHeaders.append("Set-Cookie", sessionCookie(session.token, session.expiresAt, ctx.request.secureCookies));
    const resolved = await resolveSessionToken(ctx.db, session.token, now);
    if (resolved) await auditSignIn(serviceContext(ctx.db, resolved.actor, ctx.now));
    return { accountSlug: session.accountSlug };
  });
