import { getDb } from "@/server/db/client";
import { createRestHandler } from "@/server/api/rest/handler";
import { restRoutes } from "@/server/api/rest/routes";

export const dynamic = "force-dynamic";

const handle = createRestHandler(restRoutes, { getDb });

async function handler(req: Request, context: { params: Promise<{ path: string[] }> }) {
  const { path } = await context.params;
  return handle(req, path.join("/"));
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
