/**
 * The pipeline board's attention filter without the promotion schemas: the board reads it from the URL on every
 * visit, and importing it from ./promotion would ship zod with its first load (docs/ui.md, First paint).
 * ./promotion re-exports it.
 */
export const ATTENTION_FILTERS = ["any", "stale", "ready", "awaiting"] as const;
export type AttentionFilter = (typeof ATTENTION_FILTERS)[number];
