/**
 * Instance labels as the metadata form edits them: one `key=value` per line. Pure, so the form and its unit test
 * share it; the server checks the result again with the same contract (server/contracts/instances.ts).
 */
import { INSTANCE_METADATA_LIMITS, LABEL_KEY_PATTERN } from "@/server/domain/instance-metadata/placeholders";

export type LabelsParse = { ok: true; labels: Record<string, string> } | { ok: false; error: string };

export function labelsToText(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join("\n");
}

export function parseLabelsText(text: string): LabelsParse {
  const labels: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) return { ok: false, error: `Line ${i + 1}: write key=value` };
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (!LABEL_KEY_PATTERN.test(key)) return { ok: false, error: `Line ${i + 1}: "${key}" is not a label key (lowercase letters, digits, . _ -)` };
    if (Object.hasOwn(labels, key)) return { ok: false, error: `Line ${i + 1}: "${key}" appears twice` };
    if (value.length > INSTANCE_METADATA_LIMITS.valueChars) return { ok: false, error: `Line ${i + 1}: at most ${INSTANCE_METADATA_LIMITS.valueChars} characters` };
    labels[key] = value;
  }
  if (Object.keys(labels).length > INSTANCE_METADATA_LIMITS.labels) return { ok: false, error: `At most ${INSTANCE_METADATA_LIMITS.labels} labels` };
  return { ok: true, labels };
}
