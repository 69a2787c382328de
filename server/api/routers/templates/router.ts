import { createTRPCRouter } from "../../trpc";
import { acceptErrorsProcedure } from "./accept-errors";
import { assignModuleProcedure } from "./assign";
import { catalogProcedure } from "./catalog";
import { createTemplateProcedure } from "./create";
import { deleteTemplateProcedure } from "./delete";
import { getTemplateProcedure } from "./get";
import { listTemplatesProcedure } from "./list";
import { overlayProcedure } from "./overlay";
import { overlayPathProcedure } from "./overlay-path";
import { previewProcedure } from "./preview";
import { unassignModuleProcedure } from "./unassign";
import { updateTemplateProcedure } from "./update";
import { updateAssignmentProcedure } from "./update-assignment";

export const templatesRouter = createTRPCRouter({
  list: listTemplatesProcedure,
  get: getTemplateProcedure,
  create: createTemplateProcedure,
  update: updateTemplateProcedure,
  delete: deleteTemplateProcedure,
  acceptErrors: acceptErrorsProcedure,
  assign: assignModuleProcedure,
  unassign: unassignModuleProcedure,
  updateAssignment: updateAssignmentProcedure,
  preview: previewProcedure,
  overlay: overlayProcedure,
  overlayPath: overlayPathProcedure,
  catalog: catalogProcedure,
});
