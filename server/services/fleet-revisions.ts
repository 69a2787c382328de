import "server-only";
import type { Tx } from "../db/client";

/**
 * The desired-state revision of a template (docs/fleet.md): agents and the desired-state cache key on it, so every
 * change that can alter what a template's nodes should run increments it in the same transaction as the change.
 * Two kinds of change exist: an assignment of the template changed, or a version of an assigned module changed
 * state (a new live version, a rollback, a retired pin).
 */
export async function bumpTemplateRevision(tx: Tx, templateId: string): Promise<void> {
  await tx.template.update({ where: { id: templateId }, data: { desiredRevision: { increment: 1 } } });
}

/**
 * Every template that assigns the module of one of these versions (enabled or not: enabling it later must see the
 * new state).
 */
export async function bumpRevisionsOfVersions(tx: Tx, versionIds: readonly string[]): Promise<void> {
  if (versionIds.length === 0) return;
  await tx.$executeRaw`
    UPDATE templates SET "desiredRevision" = "desiredRevision" + 1
    WHERE id IN (
      SELECT tm."templateId" FROM template_modules tm
      WHERE tm."moduleId" IN (SELECT "moduleId" FROM module_versions WHERE id = ANY(${[...new Set(versionIds)]}::text[])))`;
}

/** Every template that assigns one of these modules: their effective priority (layer order) changed. */
export async function bumpRevisionsOfModules(tx: Tx, moduleIds: readonly string[]): Promise<void> {
  if (moduleIds.length === 0) return;
  await tx.$executeRaw`
    UPDATE templates SET "desiredRevision" = "desiredRevision" + 1
    WHERE id IN (SELECT "templateId" FROM template_modules WHERE "moduleId" = ANY(${[...new Set(moduleIds)]}::text[]))`;
}
