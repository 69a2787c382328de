/**
 * How an MCP tool is made (docs/mcp.md). Most tools ARE a REST route seen through another transport: the route's
 * permission, its input schema (the service's, from server/contracts), its handler (the service call) and its
 * response schema, with the arguments named as the runbook calls them. The few tools without a REST twin are built
 * from a contracts schema and one service call the same way. Nothing here decides a rule.
 */
import { z } from "zod";
import type { Permission } from "../auth/permissions";
import { AppError } from "../errors";
import type { ServiceContext } from "../services/context";
import type { FleetImpact } from "../services/fleet-impact";
import { HttpReply, type RequestInfo, type RestRoute } from "../api/rest/define";
import { camelCase, inputReader, toWire, type InputReader, type WireNames } from "../api/rest/kit";

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: false;
}

export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
/** Changes what the fleet runs: asks for confirmation first (docs/mcp.md, Confirmation). */
export const FLEET_CHANGE: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false };

export interface McpTool {
  name: string;
  title: string;
  description: string;
  permission: Permission;
  annotations: ToolAnnotations;
  /** JSON Schemas for tools/list, generated from the zod schemas the tool parses and answers with. */
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
  /** Argument names the tool accepts (a typo is refused, not ignored). */
  argNames: ReadonlySet<string>;
  /** Arguments → the service input (throws BAD_REQUEST with the issues under the argument names). */
  parse(args: Record<string, unknown>): unknown;
  /** For tools that change what the fleet runs: what the change would touch, shown before it is made. */
  impact?: (ctx: ServiceContext, input: never) => Promise<FleetImpact>;
  /** Runs the service call and answers in the output schema's snake_case shape. */
  run(ctx: ServiceContext, input: unknown, info: RequestInfo): Promise<Record<string, unknown>>;
  /** One or two lines for the text content, from the structured result. */
  summarize(result: Record<string, unknown>): string;
  /** Wire names of the tool's errors' field details → argument names. */
  errorNames: WireNames;
}

interface ToolSpec<I> {
  name: string;
  title: string;
  description: string;
  annotations: ToolAnnotations;
  impact?: (ctx: ServiceContext, input: I) => Promise<FleetImpact>;
  summarize(result: Record<string, unknown>): string;
}

/** The schema an MCP client sees: JSON Schema draft-07 (what the SDK's client validates with), inputs as accepted. */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  // A schema registered under an id (a REST response's OpenAPI component) would become a bare $ref; MCP wants the
  // object itself at the top, so the top level is a fresh object of the same fields (nested ids stay definitions).
  const top = schema instanceof z.ZodObject ? z.object(schema.shape) : schema;
  const { $schema: _ignored, ...rest } = z.toJSONSchema(top, { target: "draft-07", io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

const confirmArg = z.boolean().optional().meta({ description: "true to make the change; without it the tool answers with what the change would touch" });

function buildArgs(reader: InputReader, rename: Readonly<Record<string, string>>, confirm: boolean) {
  const toArg = new Map(Object.entries(rename).map(([arg, wire]) => [wire, arg]));
  const wire = { ...(reader.wire.params?.shape ?? {}), ...(reader.wire.body?.shape ?? reader.wire.query?.shape ?? {}) } as Record<string, z.ZodType>;
  const shape: Record<string, z.ZodType> = {};
  for (const [key, schema] of Object.entries(wire)) shape[toArg.get(key) ?? key] = schema;
  if (confirm) shape.confirm = confirmArg;
  return { schema: z.object(shape), toArg };
}

function answerOf(answer: unknown): unknown {
  return answer instanceof HttpReply ? answer.body : answer;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : { result: value };
}

function compile<I>(
  spec: ToolSpec<I>,
  permission: Permission,
  reader: InputReader,
  rename: Readonly<Record<string, string>>,
  output: z.ZodType,
  names: WireNames,
  run: (ctx: ServiceContext, input: unknown, info: RequestInfo) => Promise<unknown>,
): McpTool {
  const { schema, toArg } = buildArgs(reader, rename, spec.impact !== undefined);
  const paramNames = new Set(Object.keys(reader.wire.params?.shape ?? {}));
  const argNames = new Set(Object.keys(schema.shape));
  // Field errors come back under the argument's name: the service's field → its wire name → the argument.
  const errorNames: Record<string, string> = { ...names };
  for (const [wire, arg] of toArg) {
    const field = Object.entries(names).find(([, w]) => w === wire)?.[0];
    errorNames[field ?? camelCase(wire)] = arg;
  }
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    permission,
    annotations: spec.annotations,
    inputSchema: jsonSchemaOf(schema, "input"),
    outputSchema: jsonSchemaOf(output, "output"),
    argNames,
    errorNames,
    parse(args) {
      const unknown = Object.keys(args).filter((key) => !argNames.has(key));
      if (unknown.length) {
        throw new AppError("BAD_REQUEST", `Unknown argument${unknown.length === 1 ? "" : "s"}: ${unknown.join(", ")}.`, {
          details: { issues: unknown.map((key) => ({ path: key, message: "Unknown argument" })) },
        });
      }
      const params: Record<string, string> = {};
      const rest: Record<string, unknown> = {};
      for (const [arg, value] of Object.entries(args)) {
        if (arg === "confirm") continue;
        const key = rename[arg] ?? arg;
        if (paramNames.has(key)) params[key] = value as string;
        else rest[key] = value;
      }
      try {
        reader.checkParams(params);
        return reader.read({ params, query: rest as Record<string, string>, body: rest });
      } catch (error) {
        throw renameIssues(error, toArg);
      }
    },
    ...(spec.impact ? { impact: spec.impact as (ctx: ServiceContext, input: never) => Promise<FleetImpact> } : {}),
    async run(ctx, input, info) {
      return asRecord(toWire(output, answerOf(await run(ctx, input, info))));
    },
    summarize: spec.summarize,
  };
}

/**
 * The REST reader names issues by wire name and location (path, query, body); an assistant knows only arguments.
 */
function renameIssues(error: unknown, toArg: ReadonlyMap<string, string>): unknown {
  if (!(error instanceof AppError)) return error;
  const details = error.details as { issues?: Array<{ path: string; message: string }>; fields?: Record<string, string> } | undefined;
  if (!details?.issues) return error;
  const rename = (path: string) => {
    const [head = "", ...tail] = path.split(".");
    return [toArg.get(head) ?? head, ...tail].filter((p) => p !== "").join(".");
  };
  const issues = details.issues.map((issue) => ({ ...issue, path: rename(issue.path) }));
  const fields = details.fields ? Object.fromEntries(Object.entries(details.fields).map(([key, value]) => [rename(key), value])) : undefined;
  return new AppError(error.code, "Invalid arguments.", { details: { issues, ...(fields ? { fields } : {}) }, cause: error });
}

/**
 * A tool that is a REST route: `args` renames the route's wire names (path parameters and body or query fields)
 * to the argument names the runbook uses, e.g. `{ module_name: "name" }`.
 */
export function toolFromRoute<I = never>(route: RestRoute, spec: ToolSpec<I> & { args?: Readonly<Record<string, string>> }): McpTool {
  if (typeof route.access !== "object") throw new Error(`${spec.name}: only permissioned routes can be tools.`);
  const permissioned = route as Extract<RestRoute, { access: { permission: Permission } }>;
  return compile(spec, permissioned.access.permission, route.input, spec.args ?? {}, route.response, route.names, (ctx, input, info) =>
    permissioned.run(ctx, input, info),
  );
}

/** A tool without a REST twin: the service input schema (camelCase, from server/contracts), the answer's wire schema. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(
  spec: ToolSpec<z.output<I>> & {
    permission: Permission;
    input: I;
    output: O;
    handler: (ctx: ServiceContext, input: z.output<I>) => Promise<unknown>;
  },
): McpTool {
  const reader = inputReader({ input: spec.input, from: "body" });
  return compile(spec, spec.permission, reader, {}, spec.output, {}, (ctx, input) => spec.handler(ctx, input as z.output<I>));
}
