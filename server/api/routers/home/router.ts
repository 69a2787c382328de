import { paletteSearchInput } from "../../../contracts/home";
import { attentionSummary, paletteSearch } from "../../../services/attention";
import { createTRPCRouter, permissionProcedure } from "../../trpc";

export const homeRouter = createTRPCRouter({
  /** What needs a person now (the attention home). Every role reads it; each count is of the caller's account. */
  attention: permissionProcedure("modules.read").query(({ ctx }) => attentionSummary(ctx.svc)),
  /** The command palette's name search across modules, templates, instances and pending requests. */
  search: permissionProcedure("modules.read")
    .input(paletteSearchInput)
    .query(({ ctx, input }) => paletteSearch(ctx.svc, input)),
});
