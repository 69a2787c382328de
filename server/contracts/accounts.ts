/** Account inputs, free of server dependencies. */
import { z } from "zod";

/** An account's slug: it names the owner in `<owner>/<module>@<range>` references. */
export const accountSlugSchema = z
  .string()
  .regex(/^[a-z](?:[a-z0-9-]{0,62}[a-z0-9])?$/, "Lowercase letters, digits and dashes, starting with a letter");

export const createAccountInput = z.object({ slug: accountSlugSchema, name: z.string() });
export type CreateAccountInput = z.output<typeof createAccountInput>;
