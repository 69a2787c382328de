import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "../errors";

/**
 * Sign-in throttling: per (IP, email) to stop guessing one account, and per IP to stop spraying many. In memory:
 * Strata runs as one process per data directory; a multi-process PostgreSQL deployment would swap in
 * rate-limiter-flexible's Postgres store behind the same function.
 */
const perIdentity = new RateLimiterMemory({ keyPrefix: "signin-id", points: 10, duration: 15 * 60 });
const perIp = new RateLimiterMemory({ keyPrefix: "signin-ip", points: 100, duration: 15 * 60 });

export async function consumeSignInAttempt(ip: string, email: string): Promise<void> {
  try {
    await perIdentity.consume(`${ip}|${email.toLowerCase()}`);
    await perIp.consume(ip);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      const seconds = Math.ceil(rejection.msBeforeNext / 1000);
      throw new AppError("TOO_MANY_REQUESTS", `Too many sign-in attempts. Try again in ${seconds} seconds.`, {
        details: { retryAfterSeconds: seconds },
      });
    }
    throw rejection;
  }
}

export async function clearSignInAttempts(ip: string, email: string): Promise<void> {
  await perIdentity.delete(`${ip}|${email.toLowerCase()}`);
}
