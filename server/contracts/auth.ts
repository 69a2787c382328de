/** Input schemas, free of server dependencies so forms in the browser reuse them. */
import { z } from "zod";

export const signInInput = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(320),
  password: z.string().min(1, "Enter your password").max(1024),
  /** Account to open; defaults to the user's first account. */
  accountSlug: z.string().max(64).optional(),
});

export type SignInInput = z.infer<typeof signInInput>;


export const switchAccountInput = z.object({ accountSlug: z.string().min(1).max(64) });
