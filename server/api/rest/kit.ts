/**
 * The REST adapter kit (docs/architecture.md, "A REST route"). REST JSON is snake_case, services speak camelCase:
 * one naming rule converts keys both ways (bodies and queries in, results out, field errors); a path parameter has
 * one schema wherever it appears; a request's input is parsed once, with the service's own input schema; and every
 * AppError or ZodError becomes the one error body `{error: {code, message, details}}`.
 */
import { z } from "zod";
import { idSchema } from "../../contracts/ids";
import { externalIssueSchema, validationResultSchema } from "../../contracts/manifest-validation";
import { moduleNameRef } from "../../contracts/modules";
import { AppError, isAppError } from "../../errors";

// ---------------------------------------------------------------------------------------------------------
// Names

export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * A route's wire names that are not the snake_case of the service's (REST says `expected_sha256` where the
 * manifest service says `expectedHash`). Error details keep the service's keys unless they are listed here.
 */
export type WireNames = Readonly<Record<string, string>>;

export function wireKey(key: string, names: WireNames = {}): string {
  return names[key] ?? snakeCase(key);
}

type CamelKey<K extends string> = K extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelKey<Tail>>}` : K;

/**
 * What a handler may answer for a wire shape `W`: the same object with camelCase keys and Dates where the wire has
 * strings (the dispatcher converts it with `toWire`). Objects with free-form keys (metadata, counts) pass as they are.
 */
export type Domain<W> = W extends string
  ? W | Date
  : W extends number | boolean | bigint | null | undefined
    ? W
    : W extends readonly (infer E)[]
      ? readonly Domain<E>[]
      : W extends object
        ? string extends keyof W
          ? W
          : { [K in keyof W as K extends string ? CamelKey<K> : K]: Domain<W[K]> }
        : W;

// ---------------------------------------------------------------------------------------------------------
// Results out: guided by the response schema

type Writer = (value: unknown) => unknown;
const writers = new WeakMap<z.core.$ZodType, Writer>();

const plain: Writer = (value) => (value instanceof Date ? value.toISOString() : value);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function compileWriter(schema: z.core.$ZodType): Writer {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case "object": {
      let fields: Array<[wire: string, domain: string, write: Writer]> | undefined;
      return (value) => {
        if (!isRecord(value)) return plain(value);
        fields ??= Object.entries(def.shape as Record<string, z.core.$ZodType>).map(([key, field]) => [key, camelCase(key), writerFor(field)]);
        const out: Record<string, unknown> = {};
        for (const [key, domainKey, write] of fields) {
          // A handler may answer in either spelling: a domain object, or an external shape the domain already built.
          const raw = value[domainKey] !== undefined ? value[domainKey] : value[key];
          if (raw !== undefined) out[key] = write(raw);
        }
        return out;
      };
    }
    case "array": {
      const element = () => writerFor(def.element as z.core.$ZodType);
      return (value) => (Array.isArray(value) ? value.map(element()) : plain(value));
    }
    case "record": {
      const entry = () => writerFor(def.valueType as z.core.$ZodType);
      return (value) => (isRecord(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, entry()(item)])) : plain(value));
    }
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "nonoptional":
    case "catch":
      return (value) => writerFor(def.innerType as z.core.$ZodType)(value);
    case "pipe":
      return (value) => writerFor(def.in as z.core.$ZodType)(value);
    case "lazy":
      return (value) => writerFor((def.getter as () => z.core.$ZodType)())(value);
    case "union": {
      const options = (def.options as z.core.$ZodType[]).filter((option) => option._zod.def.type !== "null");
      const only = options.length === 1 ? options[0] : undefined;
      return only ? (value) => writerFor(only)(value) : plain;
    }
    default:
      return plain;
  }
}

function writerFor(schema: z.core.$ZodType): Writer {
  let writer = writers.get(schema);
  if (!writer) {
    writer = compileWriter(schema);
    writers.set(schema, writer);
  }
  return writer;
}

/** A handler's answer in the response schema's wire shape: its keys only, snake_case, Dates as ISO strings. */
export function toWire(schema: z.core.$ZodType, value: unknown): unknown {
  return writerFor(schema)(value);
}

// ---------------------------------------------------------------------------------------------------------
// Input in: path parameters, then the query or the body, parsed with the service's input schema

/** One schema per path parameter, whichever route it appears in: the contracts' own. */
export const PATH_PARAMS = {
  /** Names are looked up, not validated: a malformed name is a module that does not exist (404). */
  name: moduleNameRef,
  id: idSchema,
} as const;
export type PathParam = keyof typeof PATH_PARAMS;

function describeParam(param: PathParam, field: string): string {
  if (param === "name") return "The module's name";
  const noun = snakeCase(field.replace(/Id$/, "")).replace(/_/g, " ");
  return `The ${noun}'s id (UUID)`;
}

type Location = "path" | "query" | "body";

export interface WireIssue {
  path: string;
  message: string;
}

/** Issues keyed by field as well, so a client can put each message on its field (the form's `fieldErrors`). */
function badInput(location: Location, issues: WireIssue[]): AppError {
  const message = location === "path" ? "Invalid path parameters." : location === "query" ? "Invalid query parameters." : "Invalid request body.";
  const fields = Object.fromEntries(issues.filter((issue) => issue.path !== "").map((issue) => [issue.path, issue.message]));
  return new AppError("BAD_REQUEST", message, { details: { location, issues, ...(Object.keys(fields).length ? { fields } : {}) } });
}

function unwrapped(schema: z.core.$ZodType): z.core.$ZodType {
  const def = schema._zod.def as unknown as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
  if (def.innerType) return unwrapped(def.innerType);
  if (def.type === "pipe" && def.in) return unwrapped(def.in);
  return schema;
}

export interface InputSpec {
  input?: z.ZodObject;
  /** Path parameter → the input field it fills. */
  params?: Readonly<Record<string, string>>;
  /** Where the other input fields come from. */
  from: "body" | "query";
  names?: WireNames;
  bodyId?: string;
}

export interface InputReader {
  /** Wire-shaped (snake_case) schemas of each part of the request, for the OpenAPI document. */
  wire: { params?: z.ZodObject; query?: z.ZodObject; body?: z.ZodObject };
  readsBody: boolean;
  /** Checks the path parameters alone: they are answered before a body is read. */
  checkParams(raw: Readonly<Record<string, string>>): void;
  read(raw: { params: Readonly<Record<string, string>>; query: Readonly<Record<string, string>>; body: unknown }): unknown;
}

/** Compiles how a route reads its service input from a request (once, when the route is defined). */
export function inputReader(spec: InputSpec): InputReader {
  const params = Object.entries(spec.params ?? {}).map(([param, field]) => {
    if (!(param in PATH_PARAMS)) throw new Error(`No schema for the path parameter {${param}}: add it to PATH_PARAMS.`);
    return { param, field, schema: PATH_PARAMS[param as PathParam] };
  });
  if (params.length && !spec.input) throw new Error("A route with path parameters names the service input they fill.");
  const paramFields = new Set(params.map((p) => p.field));
  // The path's fields take the one schema of their parameter, whatever the service schema says for them.
  const input = spec.input?.safeExtend(Object.fromEntries(params.map((p) => [p.field, p.schema])));
  const shape = (input?.shape ?? {}) as Record<string, z.core.$ZodType>;
  const names = spec.names ?? {};
  const fields = Object.keys(shape).filter((field) => !paramFields.has(field));
  const fromWireName = new Map(fields.map((field) => [wireKey(field, names), field]));
  const strict = (input?._zod.def.catchall as z.core.$ZodType | undefined)?._zod.def.type === "never";
  // Query values are text; the service's numbers are numbers. (A body's JSON has its own numbers.)
  const numeric = new Set(spec.from === "query" ? fields.filter((field) => unwrapped(shape[field]!)._zod.def.type === "number") : []);
  const paramSchema = params.length ? z.object(Object.fromEntries(params.map((p) => [p.param, p.schema]))) : undefined;

  const wireFields = z.object(Object.fromEntries(fields.map((field) => [wireKey(field, names), shape[field]!])));
  const wireBody = strict ? wireFields.strict() : wireFields;
  const wire = {
    ...(paramSchema
      ? { params: z.object(Object.fromEntries(params.map((p) => [p.param, p.schema.meta({ description: describeParam(p.param as PathParam, p.field) })]))) }
      : {}),
    ...(fields.length && spec.from === "query" ? { query: wireFields } : {}),
    ...(fields.length && spec.from === "body" ? { body: spec.bodyId ? wireBody.meta({ id: spec.bodyId }) : wireBody } : {}),
  };

  const wirePath = (path: readonly PropertyKey[]): { location: Location; path: string } => {
    const [head, ...rest] = path.map(String);
    if (head === undefined) return { location: spec.from, path: "" };
    const param = params.find((p) => p.field === head);
    return { location: param ? "path" : spec.from, path: [param ? param.param : wireKey(head, names), ...rest].join(".") };
  };

  return {
    wire,
    readsBody: spec.from === "body" && fields.length > 0,
    checkParams(raw) {
      const parsed = paramSchema?.safeParse(raw);
      if (parsed && !parsed.success) {
        throw badInput("path", parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })));
      }
    },
    read(raw) {
      if (!input) return {};
      const source = spec.from === "query" ? raw.query : (raw.body ?? {});
      if (!isRecord(source)) {
        const received = Array.isArray(source) ? "array" : source === null ? "null" : typeof source;
        throw badInput(spec.from, [{ path: "", message: `Invalid input: expected object, received ${received}` }]);
      }
      const values: Record<string, unknown> = {};
      const unknownKeys: string[] = [];
      for (const [key, value] of Object.entries(source)) {
        const field = fromWireName.get(key);
        if (!field) {
          unknownKeys.push(key);
          continue;
        }
        values[field] = numeric.has(field) && typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      }
      for (const p of params) values[p.field] = raw.params[p.param];
      const parsed = input.safeParse(values);
      const issues: Array<{ location: Location; path: string; message: string }> = [];
      if (strict && unknownKeys.length) {
        issues.push({ location: spec.from, path: "", message: `Unrecognized key${unknownKeys.length === 1 ? "" : "s"}: ${unknownKeys.map((k) => `"${k}"`).join(", ")}` });
      }
      if (!parsed.success) {
        for (const issue of parsed.error.issues) issues.push({ ...wirePath(issue.path), message: issue.message });
      }
      const first = issues.find((i) => i.location === "path") ?? issues[0];
      if (first) throw badInput(first.location, issues.filter((i) => i.location === first.location).map(({ path, message }) => ({ path, message })));
      return parsed.data;
    },
  };
}

/** An enum whose values are field names (a sort key): snake_case on the wire, the service's camelCase once parsed. */
export function wireEnum<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  const wire = values.map(snakeCase) as [string, ...string[]];
  return z
    .enum(wire)
    .default(snakeCase(fallback))
    .transform((value) => camelCase(value) as T[number]);
}

// ---------------------------------------------------------------------------------------------------------
// Errors out

/** Details that carry manifest or composition issues: written with the one Issue schema, in snake_case. */
const ISSUE_DETAILS: Readonly<Record<string, z.core.$ZodType>> = {
  validation: validationResultSchema,
  errors: z.array(externalIssueSchema),
  warnings: z.array(externalIssueSchema),
  conflicts: z.array(externalIssueSchema),
};

function zodIssues(error: z.ZodError, names: WireNames): WireIssue[] {
  return error.issues.map((issue) => {
    const [head, ...rest] = issue.path.map(String);
    return { path: head === undefined ? "" : [wireKey(head, names), ...rest].join("."), message: issue.message };
  });
}

/**
 * Any error a route can raise, as the AppError REST answers with: field errors under `details.fields` keyed by the
 * wire field, issues in snake_case; other details as the service wrote them. `undefined` for an unexpected error.
 */
export function restError(error: unknown, names: WireNames = {}): AppError | undefined {
  if (error instanceof z.ZodError) return badInput("body", zodIssues(error, names));
  if (!isAppError(error)) return undefined;
  let details = error.details;
  if (isRecord(details)) {
    details = Object.fromEntries(
      Object.entries(details).map(([key, value]) => {
        const issues = ISSUE_DETAILS[key];
        return [names[key] ?? key, issues ? toWire(issues, value) : value];
      }),
    );
  }
  if (error.fieldErrors) {
    const fields = Object.fromEntries(Object.entries(error.fieldErrors).map(([field, message]) => [wireKey(field, names), message]));
    details = { fields, ...(isRecord(details) ? details : {}) };
  }
  if (details === error.details) return error;
  return new AppError(error.code, error.message, { details, cause: error });
}
