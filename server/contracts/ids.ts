/** The identity of stored objects in inputs, free of server dependencies (forms and REST path parameters share it). */
import { z } from "zod";

/** Templates, assignments, versions and promotion requests are named by UUID. */
export const idSchema = z.string().uuid();
