import { updateAssignment, updateAssignmentInput } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";

export const updateAssignmentProcedure = permissionProcedure("assignments.edit")
  .input(updateAssignmentInput)
  .mutation(({ ctx, input }) => updateAssignment(ctx.svc, input));
