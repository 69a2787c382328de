/**
 * The Instances list's filters in the query string and the `instances.list` input they ask for, plus the template
 * names it loads beside them: one derivation for the client list and the server page that prefetches the first
 * page (docs/ui.md, First paint). Server-safe.
 */
import { oneOf, type ParamReader } from "@/components/ui/search-params";
import { INSTANCE_SORTS, INSTANCE_STATUSES } from "@/server/contracts/instance-values";
import { TEMPLATE_PAGE_MAX } from "@/server/contracts/template-values";
import { DRIFT_SEVERITIES } from "@/server/domain/drift/drift";

export const INSTANCES_PAGE_SIZE = 50;
export const DRIFT_FILTERS = [...DRIFT_SEVERITIES, "drifted"] as const;
export type DriftFilter = (typeof DRIFT_FILTERS)[number];
export type InstanceSort = (typeof INSTANCE_SORTS)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function boolParam(value: string | null): boolean | undefined {
  return value === "true" ? true : value === "false" ? false : undefined;
}

export function instancesState(params: ParamReader) {
  // A malformed id (a hand-edited URL) is ignored rather than failing the whole list.
  const templateParam = params.get("template");
  return {
    q: params.get("q") ?? undefined,
    templateId: templateParam && UUID.test(templateParam) ? templateParam : undefined,
    status: oneOf(INSTANCE_STATUSES, params.get("status")),
    drift: oneOf(DRIFT_FILTERS, params.get("drift")),
    stale: boolParam(params.get("stale")),
    neverReported: boolParam(params.get("never_reported")),
    sort: oneOf(INSTANCE_SORTS, params.get("sort")) ?? ("name" as InstanceSort),
  };
}

export type InstancesState = ReturnType<typeof instancesState>;

/** The `instances.list` input (less the cursor) of a list state. */
export function instancesListInput(state: InstancesState) {
  return { ...state, pageSize: INSTANCES_PAGE_SIZE };
}

/** The template names for the filter and the create dialog: no health (that would compose every template). */
export const INSTANCE_TEMPLATES_INPUT = { pageSize: TEMPLATE_PAGE_MAX, health: false } as const;

/** The next cursor of an `instances.list` page: the client's and the server prefetch's `getNextPageParam`. */
export function instancesNextCursor<C>(last: { nextCursor?: C | null }): C | undefined {
  return last.nextCursor ?? undefined;
}
