/** Input schemas, free of server dependencies so forms in the browser reuse them. */
import { z } from "zod";
import { ROLES } from "../auth/permissions";

export const updateMemberRoleInput = z.object({ membershipId: z.string().uuid(), role: z.enum(ROLES) });
export const removeMemberInput = z.object({ membershipId: z.string().uuid() });
export const addMemberInput = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  name: z.string().trim().min(1).max(200),
  role: z.enum(["viewer", "author", "operator", "approver", "admin"]),
  password: z.string().min(8).max(1024),
});
