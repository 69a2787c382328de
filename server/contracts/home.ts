import { z } from "zod";

/** The command palette's search: names in the caller's account (docs/ui.md, "Command palette"). */
export const paletteSearchInput = z.object({
  query: z.string().trim().min(1).max(100),
});
