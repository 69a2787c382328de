/**
 * The manifest contract, schema_version 1 (docs/manifest-validation.md), as a zod schema.
 *
 * Every object is strict because unknown keys are errors: a typo such as `file_specs` must not be
 * silently ignored while the module ships the wrong files. The `.meta()` descriptions feed the JSON Schema the
 * editor uses for hover docs and completion (json-schema.ts), so they are written for module authors.
 *
 * Rules that need more than one field, the document text, or other modules (glob syntax, requires syntax,
 * duplicates, conflicts) live in checks.ts and account-checks.ts, where they can produce precise codes and hints.
 */
import * as z from "zod";
import {
  APT_SNAPSHOT_PATTERN,
  CAPABILITY_TAG_PATTERN,
  LINUX_CAPABILITY_PATTERN,
  MODULE_NAME_PATTERN,
  PACKAGE_SPEC_PATTERN,
  REQUIRES_ENTRY_MAX_LENGTH,
  REQUIRES_ENTRY_PATTERN,
  SERVICE_NAME_PATTERN,
  SHA256_DIGEST_PATTERN,
} from "./patterns";

export { MODULE_NAME_PATTERN } from "./patterns";

/** Reusable by registration forms (react-hook-form + zodResolver) so the form and the manifest agree. */
export const moduleNameSchema = z
  .string()
  .regex(MODULE_NAME_PATTERN, {
    error: "Module names are lowercase letters, digits and hyphens, start with a letter, end with a letter or digit, and are at most 64 characters",
  })
  .meta({
    description:
      "The module's name: lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen, at most 64 characters. Must equal the name the module is registered under.",
  });

const globList = (description: string, markdownDescription?: string) =>
  z.array(z.string()).meta({ description, ...(markdownDescription ? { markdownDescription } : {}) });

const linuxCapability = z
  .string()
  .regex(LINUX_CAPABILITY_PATTERN)
  .meta({ description: "A Linux capability name as capabilities(7) spells it, e.g. CAP_NET_BIND_SERVICE." });

// Empty strings are valid wherever the published schema says "string" (an empty command means "none" in starter
// templates); checks.ts warns about blank values that are probably unfinished instead.
const commandString = (description: string) => z.string().meta({ description });

const exposedPortSchema = z
  .strictObject({
    // Not required by the published schema; an entry without a port is a warning (checks.ts).
    port: z.number().int().min(1).max(65535).meta({ description: "Port number, 1–65535." }).optional(),
    protocol: z
      .enum(["tcp", "udp", "sctp"])
      .meta({ description: "Transport protocol: tcp, udp or sctp. Defaults to tcp when omitted." })
      .optional(),
    name: z.string().meta({ description: "A short name for the port, e.g. `http`." }).optional(),
  })
  .meta({ description: "A port the service listens on." });

const healthSchema = z
  .strictObject({
    endpoint: z
      .string()
      .meta({
        description: "What to probe: an HTTP path or URL for GET/POST/PUT, or `host:port` / a port for TCP.",
      })
      .optional(),
    method: z
      .enum(["GET", "POST", "PUT", "TCP"])
      .meta({ description: "Probe method: an HTTP method (GET, POST, PUT) or TCP for a plain connect check." })
      .optional(),
    interval_seconds: z
      .number()
      .int()
      .min(1)
      .meta({ description: "Seconds between probes (≥ 1)." })
      .optional(),
    timeout_seconds: z
      .number()
      .int()
      .min(1)
      .meta({ description: "Seconds before a probe counts as failed (≥ 1); keep it below interval_seconds." })
      .optional(),
    initial_delay_seconds: z
      .number()
      .int()
      .min(0)
      .meta({ description: "Seconds to wait after start before the first probe (≥ 0)." })
      .optional(),
  })
  .meta({ description: "How the node agent checks that the service is healthy." });

export const serviceSchema = z
  .strictObject({
    name: z
      .string()
      .regex(SERVICE_NAME_PATTERN)
      .meta({
        description:
          "Service name (required): lowercase letters, digits and hyphens, starting with a letter or digit, at most 63 characters. Unique within the manifest.",
      }),
    start_command: commandString("Command line that starts the service in the foreground.").optional(),
    stop_command: commandString("Command line that stops the service gracefully.").optional(),
    restart_policy: z
      .enum(["never", "on-failure", "always"])
      .meta({ description: "When the node agent restarts the service: never, on-failure or always." })
      .optional(),
    user: z.string().meta({ description: "User the service runs as." }).optional(),
    working_directory: z.string().meta({ description: "Working directory of the service process." }).optional(),
    env: z
      .record(
        // Any string is a name here, as in the published schema; non-portable names are warnings (checks.ts).
        z.string(),
        z.string().meta({ description: "Environment value; quote numbers and booleans so they stay strings." }),
      )
      .meta({
        description: "Environment variables for the service. Names should be POSIX identifiers; values are strings.",
        markdownDescription:
          "Environment variables for the service. Names should be POSIX identifiers (letters, digits, `_`); values are **strings** — quote numbers and booleans (`PORT: \"8080\"`).",
      })
      .optional(),
    exposed_ports: z
      .array(exposedPortSchema)
      .meta({ description: "Ports the service listens on, with protocol and an optional name." })
      .optional(),
    capabilities: z
      .array(linuxCapability)
      .meta({ description: "Linux capabilities the service needs, e.g. CAP_NET_BIND_SERVICE." })
      .optional(),
    health: healthSchema.optional(),
    metadata: z
      .record(z.string(), z.unknown())
      .meta({ description: "Free-form key/value data handed to the node agent with the service." })
      .optional(),
  })
  .meta({ description: "A long-running process the module starts on the node." });

const securitySchema = z
  .strictObject({
    capabilities: z
      .array(linuxCapability)
      .meta({ description: "Linux capabilities granted to the module as a whole." })
      .optional(),
    selinux_profile: z.string().meta({ description: "SELinux context/profile applied to the module's processes." }).optional(),
    apparmor_profile: z.string().meta({ description: "AppArmor profile applied to the module's processes." }).optional(),
    seccomp_profile: z
      .string()
      .nullable()
      .meta({ description: "Seccomp profile name or path; null for the platform default." })
      .optional(),
    egress_allow: z
      .array(z.string())
      .meta({ description: "Hosts, CIDRs or host:port entries the module may connect to." })
      .optional(),
    privileged: z.boolean().meta({ description: "Whether the module's processes run privileged. Avoid unless required." }).optional(),
    user_namespace: z.boolean().meta({ description: "Whether the module's processes run in their own user namespace." }).optional(),
  })
  .meta({ description: "Security settings applied to the module's processes." });

const buildSchema = z
  .strictObject({
    ubuntu_digest: z
      .string()
      .regex(SHA256_DIGEST_PATTERN)
      .nullable()
      .meta({
        description: "Digest of the Ubuntu base image the module is built against (sha256: + 64 hex), or null.",
        markdownDescription:
          "Digest of the Ubuntu base image the module is built against: `sha256:` followed by 64 lowercase hex digits, or `null` for the builder's default.",
      })
      .optional(),
    apt_snapshot: z
      .string()
      .regex(APT_SNAPSHOT_PATTERN)
      .nullable()
      .meta({
        description: "APT snapshot timestamp the packages are resolved from (YYYYMMDDTHHMMSSZ), or null.",
        markdownDescription:
          "APT snapshot timestamp (`YYYYMMDDTHHMMSSZ`, UTC, e.g. `20240501T000000Z`) the packages are resolved from, or `null` for the live archive.",
      })
      .optional(),
    firmware_repo: z.string().meta({ description: "Repository URL of firmware the build includes." }).optional(),
    firmware_ref: z.string().meta({ description: "Git ref (tag, branch or commit) of firmware_repo." }).optional(),
    k3s_version: z.string().meta({ description: "k3s release the build bundles, e.g. v1.30.2+k3s1." }).optional(),
  })
  .meta({ description: "Inputs that make the build reproducible." });

const dependenciesSchema = z
  .strictObject({
    requires: z
      .array(
        // The pattern is metadata only: checks.ts parses entries itself to say exactly what is wrong (and accepts
        // exactly what the pattern does), so a zod regex here would report every bad entry twice.
        z.string().meta({
          pattern: REQUIRES_ENTRY_PATTERN.source,
          maxLength: REQUIRES_ENTRY_MAX_LENGTH,
          description: "<owner>/<module>@<semver-range> or capability:<tag>[@<range>]",
        }),
      )
      .meta({
        description:
          "What this module needs in the same composition: <owner>/<module>@<semver-range> (e.g. powernode/system-base@^1.0) or capability:<tag>[@<range>].",
        markdownDescription:
          "What this module needs in the same composition:\n\n- `<owner>/<module>@<semver-range>`, e.g. `powernode/system-base@^1.0`\n- `capability:<tag>[@<range>]`, e.g. `capability:container-runtime`",
      })
      .optional(),
    provides: z
      .array(
        z.string().regex(CAPABILITY_TAG_PATTERN).meta({
          description: "Capability tag; with a value part (http.port:80) it is exclusive.",
        }),
      )
      .meta({
        description:
          "Capability tags this module provides. A tag with a value part (http.port:80) is exclusive: no other module in a composition may provide it.",
        markdownDescription:
          "Capability tags this module provides. A tag with a value part (`http.port:80`) is **exclusive**: no other module in a composition may provide it.",
      })
      .optional(),
  })
  .meta({ description: "Module and capability dependencies, resolved over a composition." });

const initSchema = z
  .strictObject({
    start: commandString("Command run once when the module is activated.").optional(),
    stop: commandString("Command run when the module is deactivated.").optional(),
    restart: commandString("Command run to restart the module.").optional(),
  })
  .meta({ description: "Module-level init commands." });

export const manifestSchema = z
  .strictObject({
    schema_version: z.literal(1).meta({
      description: "Manifest format version. Must be 1.",
    }),
    name: moduleNameSchema,
    // zod counts code points, as JSON Schema's maxLength does, so an emoji is one character in both.
    display_name: z.string().max(200).meta({ description: "Human-readable name, at most 200 characters." }).optional(),
    description: z.string().meta({ description: "What the module provides and why an operator would add it." }).optional(),
    license: z
      .string()
      .meta({
        description: "SPDX license identifier or expression, e.g. MIT or Apache-2.0 OR MIT.",
        markdownDescription:
          "[SPDX](https://spdx.org/licenses/) license identifier or expression, e.g. `MIT` or `Apache-2.0 OR MIT`. Unknown identifiers produce a warning.",
      })
      .optional(),
    package_spec: z
      .array(
        z.string().regex(PACKAGE_SPEC_PATTERN).meta({
          description: "Debian package name, optionally pinned: nginx or nginx=1.24.0-2ubuntu7",
        }),
      )
      .meta({
        description: "Debian packages installed into the module's layer, optionally pinned with =version.",
        markdownDescription:
          "Debian packages installed into the module's layer: names matching `^[a-z0-9][a-z0-9+.-]+$`, optionally pinned with `=version` (e.g. `nginx=1.24.0-2ubuntu7`).",
      })
      .optional(),
    file_spec: globList(
      "Absolute rsync-style globs of the files this module ships (*, **, ?, [...]).",
      "Absolute rsync-style globs of the files this module ships: `*` (within a directory), `**` (any depth, as a whole segment), `?`, `[...]`. Example: `/etc/nginx/**`.",
    ).optional(),
    mask: globList(
      "Globs excluded from this module's own artifact (local only; other modules are unaffected).",
      "Globs excluded from **this** module's own artifact. Local only: they do not affect other modules.",
    ).optional(),
    protected_spec: globList(
      "Globs this module owns: no other module in a composition may ship them.",
      "Globs this module owns: every **other** module in a composition has them masked. Two modules protecting the same path is a conflict.",
    ).optional(),
    dependency_spec: globList("Globs kept for compatibility; inherited by child modules.").optional(),
    dependencies: dependenciesSchema.optional(),
    init: initSchema.optional(),
    services: z
      .array(serviceSchema)
      .meta({ description: "Long-running processes the module starts, with health checks and exposed ports." })
      .optional(),
    reboot_required: z
      .boolean()
      .meta({ description: "Whether activating a new version of this module requires a node reboot." })
      .optional(),
    security: securitySchema.optional(),
    // The published schema says only "list"; entries other than names and mappings are warnings (checks.ts).
    skills: z
      .array(z.unknown())
      .meta({ description: "Skills the module offers to agents: names or small descriptor objects." })
      .optional(),
    build: buildSchema.optional(),
  })
  .meta({
    title: "Strata module manifest (schema_version 1)",
    description: "manifest.yaml of a Strata module: what the module ships, protects, needs and runs.",
  });

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestService = z.infer<typeof serviceSchema>;

/** The top-level keys of schema_version 1, in documentation order. */
export const MANIFEST_KEYS: readonly string[] = Object.keys(manifestSchema.shape);
