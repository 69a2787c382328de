import { updateAssignment } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";
import { updateAssignmentInput } from "../../../contracts/templates";

export const updateAssignmentProcedure = permissionProcedure("assignments.edit")
  .input(updateAssignmentInput)
  .mutation(({ ctx, input }) => updateAssignment(ctx.svc, input));
