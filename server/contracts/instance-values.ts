/**
 * The fleet's enumerations without their schemas: the Instances list reads its filters from the URL with these on
 * every visit, and importing them from ./instances would ship zod with its first load (docs/ui.md, First paint).
 * ./instances re-exports them.
 */
export const INSTANCE_STATUSES = ["pending", "provisioning", "running", "stopped", "error", "terminated"] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];
export const ARCHES = ["amd64", "arm64"] as const;
export const INSTANCE_SORTS = ["name", "lastHeartbeat", "drift", "created"] as const;
