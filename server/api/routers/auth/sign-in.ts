import { z } from "zod";
import { resolveSessionToken, sessionCookie } from "../../../auth/sessions";
import { auditSignIn, signIn } from "../../../services/auth";
import { serviceContext } from "../../../services/context";
import { isAppError } from "../../../errors";
import { publicRateLimitedProcedure } from "../../trpc";
import { signInInput } from "../../../contracts/auth";

export const signInOutput = z.object({ accountSlug: z.string() });

/** What the service puts in a throttled sign-in's error details. */
const throttledDetails = z.object({ retryAfterSeconds: z.number().int().positive() });

/** Public on purpose: this is how a session starts. Throttled inside the service (docs/security-auth.md). */
export const signInProcedure = publicRateLimitedProcedure
  .input(signInInput)
  .output(signInOutput)
  .mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const session = await signIn(ctx.db, input, { ip: ctx.request.ip, userAgent: ctx.request.userAgent }, now).catch((error: unknown) => {
      // The standard header for "when to come back", beside the same number in the error's details.
      const throttled = isAppError(error) && error.code === "TOO_MANY_REQUESTS" ? throttledDetails.safeParse(error.details) : null;
      if (throttled?.success) ctx.resHeaders.set("Retry-After", String(throttled.data.retryAfterSeconds));
      throw error;
    });
    ctx.resHeaders.append("Set-Cookie", sessionCookie(session.token, session.expiresAt, ctx.request.secureCookies));
    const resolved = await resolveSessionToken(ctx.db, session.token, now);
    if (resolved) await auditSignIn(serviceContext(ctx.db, resolved.actor, ctx.now, { requestId: ctx.requestId }));
    return { accountSlug: session.accountSlug };
  });
