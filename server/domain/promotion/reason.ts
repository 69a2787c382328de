/**
 * A free-text justification (transition reason, live-request reason, freeze override, rejection comment).
 * Whitespace-only text is no reason at all; length limits belong to the API schemas, not the domain.
 */
export function normalizeReason(value: string | null | undefined): string | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : undefined;
}
