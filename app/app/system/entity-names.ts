import "server-only";
import { cache } from "react";
import { getServerCaller } from "@/server/api/rsc";

/*
 * Names of the entities behind opaque URL segments, for tab titles and the breadcrumb's first paint. Cached per
 * request, so generateMetadata and the page share one lookup; undefined when the caller may not see it (the page
 * itself then shows the error).
 */

export const templateName = cache(async (templateId: string): Promise<string | undefined> => {
  const { caller } = await getServerCaller();
  return caller.templates.get({ templateId }).then((t) => t.name, () => undefined);
});

export const requestLabel = cache(async (requestId: string): Promise<string | undefined> => {
  const { caller } = await getServerCaller();
  return caller.approvals.get({ requestId }).then((r) => `${r.version.moduleName} ${r.version.version}`, () => undefined);
});

export const instanceName = cache(async (instanceId: string): Promise<string | undefined> => {
  const { caller } = await getServerCaller();
  return caller.instances.get({ instanceId }).then((i) => i.name, () => undefined);
});
