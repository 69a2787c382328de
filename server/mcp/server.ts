/**
 * One MCP server per request (stateless streamable HTTP, docs/mcp.md): tools, resources and the compose_template
 * prompt for one authenticated actor. Tools and resources check the actor's permissions with the same table as
 * REST and tRPC, and every error comes back as a tool error carrying the AppError's code, never as a transport
 * failure.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type CallToolResult,
} from "@modelcontextprotocol/sdk/types.js";
import { actorHas } from "../auth/actor";
import type { Permission } from "../auth/permissions";
import { listModulesInput } from "../contracts/modules";
import { listTemplatesInput } from "../contracts/templates";
import { AppError, clientErrorFromDatabase } from "../errors";
import { recordApiCall } from "../observability/metrics";
import { getModuleManifestRoute } from "../api/rest/routes-manifests";
import type { RequestInfo, RestRoute } from "../api/rest/define";
import { restError, type WireNames } from "../api/rest/kit";
import type { ServiceContext } from "../services/context";
import type { FleetImpact } from "../services/fleet-impact";
import { listModules } from "../services/modules-catalog";
import { listTemplates } from "../services/templates";
import type { Ask, AskOutcome } from "./elicit";
import { composeTemplatePrompt, COMPOSE_TEMPLATE_PROMPT } from "./prompt";
import { mcpTools, previewSummary } from "./tools";
import type { McpTool } from "./tool";

export const MCP_SERVER_INFO = { name: "strata", version: "1.0.0" } as const;
/** Modules (and templates) listed by resources/list; any other is read by its URI. */
const LISTED_RESOURCES = 100;

const toolsByName = new Map(mcpTools.map((tool) => [tool.name, tool]));

function requirePermission(ctx: ServiceContext, permission: Permission): void {
  if (!actorHas(ctx.actor, permission)) {
    throw new AppError("FORBIDDEN", `This token's role (${ctx.actor.role}) or scopes do not allow ${permission}.`);
  }
}

/** An error as a tool result: "CODE: message", then the REST error body as JSON (details included). */
export function toolError(caught: unknown, names: WireNames = {}): CallToolResult {
  return toolErrorResult(toolAppError(caught, names));
}

function toolAppError(caught: unknown, names: WireNames): AppError {
  const error = restError(caught, names) ?? clientErrorFromDatabase(caught);
  if (error) return error;
  console.error("MCP tool failed:", caught);
  return new AppError("INTERNAL", "Something went wrong on the server.");
}

function toolErrorResult(error: AppError): CallToolResult {
  const body = { error: { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) } };
  return {
    isError: true,
    content: [
      { type: "text", text: `${error.code}: ${error.message}` },
      { type: "text", text: JSON.stringify(body) },
    ],
  };
}

function impactOut(impact: FleetImpact) {
  return {
    summary: impact.summary,
    affected_instances: impact.affectedInstances,
    templates: impact.templates.map((t) => ({
      template_id: t.templateId,
      template_name: t.templateName,
      instance_count: t.instanceCount,
      affected: t.affected,
      why: t.why,
    })),
  };
}

/** The answer to a fleet change called without `confirm: true`: what it would touch, and nothing changed. */
function confirmationRequired(impact: FleetImpact): CallToolResult {
  const message = `${impact.summary} Nothing was changed: call again with confirm: true to make the change.`;
  const body = { error: { code: "CONFIRMATION_REQUIRED", message, details: { blast_radius: impactOut(impact) } } };
  return {
    isError: true,
    content: [
      { type: "text", text: `CONFIRMATION_REQUIRED: ${message}` },
      { type: "text", text: JSON.stringify(body) },
    ],
  };
}

const NOT_CONFIRMED: Record<Exclude<AskOutcome, "confirmed" | "unavailable">, string> = {
  declined: "the user declined",
  cancelled: "the user dismissed the question",
  timeout: "no answer came in time",
  aborted: "the request ended before an answer came",
};

/** The answer to a fleet change the user was asked about and did not confirm: nothing changed, and why. */
function notConfirmed(impact: FleetImpact, outcome: keyof typeof NOT_CONFIRMED): CallToolResult {
  const retry = outcome === "timeout" || outcome === "aborted" ? " Call again to ask again." : "";
  const message = `${impact.summary} Nothing was changed: ${NOT_CONFIRMED[outcome]}.${retry}`;
  const body = { error: { code: "NOT_CONFIRMED", message, details: { outcome, blast_radius: impactOut(impact) } } };
  return {
    isError: true,
    content: [
      { type: "text", text: `NOT_CONFIRMED: ${message}` },
      { type: "text", text: JSON.stringify(body) },
    ],
  };
}

/** One tool call's way of asking the user (only for clients that declared elicitation, docs/mcp.md). */
export type AskUser = (toolName: string, impact: FleetImpact) => Promise<AskOutcome>;

export async function callTool(
  tool: McpTool,
  args: Record<string, unknown>,
  ctx: ServiceContext,
  info: RequestInfo,
  ask?: AskUser,
): Promise<CallToolResult> {
  try {
    requirePermission(ctx, tool.permission);
    const input = tool.parse(args);
    if (tool.impact && args.confirm !== true) {
      const impact = await tool.impact(ctx, input as never);
      const outcome = ask ? await ask(tool.name, impact) : "unavailable";
      if (outcome === "unavailable") {
        recordApiCall("mcp", tool.name, "confirmation_required");
        return confirmationRequired(impact);
      }
      if (outcome !== "confirmed") {
        recordApiCall("mcp", tool.name, "not_confirmed");
        return notConfirmed(impact, outcome);
      }
    }
    const result = await tool.run(ctx, input, info);
    recordApiCall("mcp", tool.name, "ok");
    return { content: [{ type: "text", text: tool.summarize(result) }], structuredContent: result };
  } catch (caught) {
    const error = toolAppError(caught, tool.errorNames);
    recordApiCall("mcp", tool.name, error.code);
    return toolErrorResult(error);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Resources

const MANIFEST_URI = /^strata:\/\/modules\/([^/]+)\/manifest$/;
const COMPOSITION_URI = /^strata:\/\/templates\/([^/]+)\/composition$/;

const resourceTemplates = [
  {
    uriTemplate: "strata://modules/{name}/manifest",
    name: "module-manifest",
    title: "A module's manifest",
    description: "The module's draft manifest (YAML) and, when it has one, its live version's manifest.",
    mimeType: "application/yaml",
  },
  {
    uriTemplate: "strata://templates/{id}/composition",
    name: "template-composition",
    title: "A template's composition",
    description: "The template's compose preview, summarised as system_compose_preview answers it (JSON).",
    mimeType: "application/json",
  },
];

/** A resource error: the AppError's code in `data`, NOT_FOUND as the protocol's "resource not found". */
function resourceError(caught: unknown): McpError {
  const error = restError(caught) ?? clientErrorFromDatabase(caught);
  if (!error) {
    console.error("MCP resource failed:", caught);
    return new McpError(ErrorCode.InternalError, "Something went wrong on the server.", { code: "INTERNAL" });
  }
  const code = error.code === "NOT_FOUND" ? -32002 : error.code === "BAD_REQUEST" ? ErrorCode.InvalidParams : ErrorCode.InvalidRequest;
  return new McpError(code, error.message, { code: error.code });
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AppError("BAD_REQUEST", "Malformed %-escape in the resource URI.");
  }
}

async function readResource(uri: string, ctx: ServiceContext, info: RequestInfo) {
  const manifest = MANIFEST_URI.exec(uri);
  if (manifest) {
    // The resource is REST's GET /system/modules/{name}/manifest: its permission, its input, its service call.
    const route = getModuleManifestRoute as Extract<RestRoute, { access: { permission: Permission } }>;
    requirePermission(ctx, route.access.permission);
    const params = { name: decodeSegment(manifest[1]!) };
    route.input.checkParams(params);
    const doc = (await route.run(ctx, route.input.read({ params, query: {}, body: undefined }), info)) as { module: string; manifestYaml: string; sha256: string; liveVersion: { version: string; manifestYaml: string } | null };
    return {
      contents: [
        { uri, mimeType: "application/yaml", text: doc.manifestYaml, _meta: { "strata/kind": "draft", "strata/sha256": doc.sha256 } },
        ...(doc.liveVersion
          ? [{ uri: `${uri}#live`, mimeType: "application/yaml", text: doc.liveVersion.manifestYaml, _meta: { "strata/kind": "live", "strata/version": doc.liveVersion.version } }]
          : []),
      ],
    };
  }
  const composition = COMPOSITION_URI.exec(uri);
  if (composition) {
    requirePermission(ctx, "templates.read");
    const tool = toolsByName.get("system_compose_preview")!;
    const input = tool.parse({ template_id: decodeSegment(composition[1]!) }) as { templateId: string };
    return { contents: [{ uri, mimeType: "application/json", text: JSON.stringify(await previewSummary(ctx, input.templateId)) }] };
  }
  throw new AppError("NOT_FOUND", `No resource ${uri.slice(0, 200)}.`);
}

async function listResources(ctx: ServiceContext) {
  const resources: Array<{ uri: string; name: string; title: string; mimeType: string }> = [];
  if (actorHas(ctx.actor, "modules.read")) {
    const { modules } = await listModules(ctx, listModulesInput.parse({ pageSize: LISTED_RESOURCES }));
    for (const m of modules) {
      resources.push({ uri: `strata://modules/${encodeURIComponent(m.name)}/manifest`, name: `${m.name} manifest`, title: `${m.displayName} — manifest`, mimeType: "application/yaml" });
    }
  }
  if (actorHas(ctx.actor, "templates.read")) {
    const { templates } = await listTemplates(ctx, listTemplatesInput.parse({ pageSize: LISTED_RESOURCES, health: false }));
    for (const t of templates) {
      resources.push({ uri: `strata://templates/${t.id}/composition`, name: `${t.name} composition`, title: `${t.name} — composition`, mimeType: "application/json" });
    }
  }
  return { resources };
}

// ---------------------------------------------------------------------------------------------------------

/**
 * A server for one request of one actor (`ctx.via` is "mcp", so audit events say where the change came from).
 * `ask`, for a client that declared elicitation, asks the user to confirm a fleet change instead of requiring
 * `confirm: true`.
 */
export function createMcpServer(ctx: ServiceContext, info: RequestInfo, ask?: Ask): Server {
  const server = new Server(MCP_SERVER_INFO, {
    capabilities: { tools: {}, resources: {}, prompts: {} },
    instructions:
      "Strata's operator actions. Read tools are safe to call; tools that change what the fleet runs answer first with " +
      "their blast radius and act only when called again with confirm: true. Ask the user before confirming. A client " +
      "that declared elicitation is asked instead: the server puts the blast radius to the user and acts on their answer.",
  });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: mcpTools.map((tool) => ({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema as { type: "object" },
      outputSchema: tool.outputSchema as { type: "object" },
      annotations: { title: tool.title, ...tool.annotations },
      _meta: { "strata/permission": tool.permission },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = toolsByName.get(request.params.name);
    if (!tool) return toolError(new AppError("NOT_FOUND", `No tool ${request.params.name.slice(0, 100)}.`));
    const askUser: AskUser | undefined = ask && ((name, impact) => ask(name, impact, { requestId: extra.requestId, signal: extra.signal }));
    return callTool(tool, request.params.arguments ?? {}, ctx, info, askUser);
  });
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates }));
  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    try {
      return await listResources(ctx);
    } catch (caught) {
      throw resourceError(caught);
    }
  });
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    try {
      return await readResource(request.params.uri, ctx, info);
    } catch (caught) {
      throw resourceError(caught);
    }
  });
  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: [COMPOSE_TEMPLATE_PROMPT] }));
  server.setRequestHandler(GetPromptRequestSchema, (request) => {
    if (request.params.name !== COMPOSE_TEMPLATE_PROMPT.name) throw new McpError(ErrorCode.InvalidParams, `No prompt ${request.params.name.slice(0, 100)}.`);
    return composeTemplatePrompt(request.params.arguments ?? {});
  });
  return server;
}
