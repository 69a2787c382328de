import { getDb } from "@/server/db/client";
import { createMcpHandler } from "@/server/mcp/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The MCP endpoint (docs/mcp.md): stateless streamable HTTP, bearer API tokens. */
const handle = createMcpHandler({ getDb });

export { handle as GET, handle as POST, handle as DELETE };
