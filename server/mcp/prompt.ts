/**
 * The compose_template prompt (docs/mcp.md): the runbook's `module_compose` skill as steps over Strata's tools.
 */
import { McpError, ErrorCode, type GetPromptResult } from "@modelcontextprotocol/sdk/types.js";

export const COMPOSE_TEMPLATE_PROMPT = {
  name: "compose_template",
  title: "Compose a template",
  description: "Find modules for a goal (e.g. \"nginx + TLS\"), preview the composition, and assign them after the user confirms.",
  arguments: [
    { name: "goal", description: "What the template should run, in a few words", required: true },
    { name: "template_id", description: "The template to compose (omit to pick one with system_list_templates)", required: false },
  ],
} as const;

const MAX_ARGUMENT_CHARS = 500;

export function composeTemplatePrompt(args: Record<string, string>): GetPromptResult {
  const goal = args.goal?.trim();
  if (!goal) throw new McpError(ErrorCode.InvalidParams, "compose_template needs a goal.");
  if (goal.length > MAX_ARGUMENT_CHARS || (args.template_id?.length ?? 0) > MAX_ARGUMENT_CHARS) {
    throw new McpError(ErrorCode.InvalidParams, `Prompt arguments are limited to ${MAX_ARGUMENT_CHARS} characters.`);
  }
  const template = args.template_id?.trim()
    ? `the template with id ${args.template_id.trim()}`
    : "a template: call system_list_templates and ask the user which one (or whether to use the one whose name fits best)";
  const text = [
    `Compose ${template} so that it does this: ${goal}`,
    "",
    "Work with Strata's tools, step by step:",
    "1. Find candidate modules: for each keyword of the goal call system_list_modules with q (and variety or category " +
      "when the goal names one). Read the promising ones with system_get_module; a module needs a blessed or live " +
      "version to deploy (system_list_module_versions).",
    "2. Look at the template as it is: system_compose_preview with its template_id (layers, dependencies, issues).",
    "3. For each module to add, preview it first: system_compose_preview with candidate_version_id set to the version " +
      "you would deploy. Report new errors, unresolved dependencies and contested paths; page through paths with " +
      "system_overlay_paths when the user asks which module wins a path.",
    "4. Propose the plan to the user: modules, versions (pinned or following live), why each is needed, and the issues " +
      "the preview showed. Do not assign anything the user has not agreed to.",
    "5. Assign with system_assign_module_to_template. The first call answers with the blast radius (templates and " +
      "nodes affected) and changes nothing; show it to the user, and only when they confirm call again with confirm: true.",
    "6. Finish with system_compose_preview to show the result, and say what is left (errors to fix, modules without a " +
      "deliverable version, drift to watch with system_drift_report).",
  ].join("\n");
  return { description: COMPOSE_TEMPLATE_PROMPT.description, messages: [{ role: "user", content: { type: "text", text } }] };
}
