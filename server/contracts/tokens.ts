/** Input schemas, free of server dependencies so forms in the browser reuse them. */
import { z } from "zod";
import { PERMISSIONS, ROLES } from "../auth/permissions";

export const createTokenInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the token a name")
    .max(80)
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, "Letters, digits, spaces, dots, dashes and underscores"),
  role: z.enum(ROLES),
  scopes: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length).default([]),
  expiresInDays: z.number().int().min(1).max(3650).nullable().default(90),
});

export type CreateTokenInput = z.infer<typeof createTokenInput>;

export const revokeTokenInput = z.object({ id: z.string().uuid() });
