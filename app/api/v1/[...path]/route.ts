import { getDb } from "@/server/db/client";
import { createRestHandler } from "@/server/api/rest/handler";
import { restRoutes } from "@/server/api/rest/routes";

export const dynamic = "force-dynamic";

const handle = createRestHandler(restRoutes, { getDb });
const PREFIX = "/api/v1/";

/** The raw (still %-escaped) path after /api/v1/: the REST handler decodes each parameter exactly once. */
async function handler(req: Request) {
  const pathname = new URL(req.url).pathname;
  return handle(req, pathname.startsWith(PREFIX) ? pathname.slice(PREFIX.length) : "");
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
