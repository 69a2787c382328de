-- AlterTable
ALTER TABLE "modules" ADD COLUMN     "latestState" "PromotionState";

-- CreateIndex
CREATE INDEX "modules_accountId_latestState_name_idx" ON "modules"("accountId", "latestState", "name");

-- The latest version's state, kept by the database itself so that every writer (services, seeds, bulk SQL) keeps it
-- right: after a version is inserted, changes state or is deleted, its module's latestState is recomputed from the
-- module's newest version (createdAt desc, id desc: the catalog's "latest").
CREATE OR REPLACE FUNCTION modules_refresh_latest_state() RETURNS trigger AS $$
DECLARE
  target text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    target := OLD."moduleId";
  ELSE
    target := NEW."moduleId";
  END IF;
  UPDATE "modules" m SET "latestState" = (
    SELECT v."promotionState" FROM "module_versions" v
    WHERE v."moduleId" = target ORDER BY v."createdAt" DESC, v.id DESC LIMIT 1
  ) WHERE m.id = target;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER module_versions_latest_state
AFTER INSERT OR DELETE OR UPDATE OF "promotionState", "createdAt", "moduleId" ON "module_versions"
FOR EACH ROW EXECUTE FUNCTION modules_refresh_latest_state();

-- Existing rows.
UPDATE "modules" m SET "latestState" = lv.state FROM (
  SELECT DISTINCT ON (v."moduleId") v."moduleId", v."promotionState" AS state
  FROM "module_versions" v ORDER BY v."moduleId", v."createdAt" DESC, v.id DESC
) lv WHERE lv."moduleId" = m.id;
