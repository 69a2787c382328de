-- DropIndex
DROP INDEX "audit_events_accountId_createdAt_idx";

-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "auditHotDays" INTEGER;

-- CreateTable
CREATE TABLE "audit_events_archive" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "actorUserId" TEXT,
    "actorTokenId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "targetLabel" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "reason" TEXT,
    "requestId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "archivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_archive_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_events_archive_accountId_createdAt_id_idx" ON "audit_events_archive"("accountId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_events_accountId_createdAt_id_idx" ON "audit_events"("accountId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "module_versions_moduleId_createdAt_version_idx" ON "module_versions"("moduleId", "createdAt" DESC, "version" DESC);

-- CreateIndex
CREATE INDEX "node_instances_drift_sort_idx" ON "node_instances"("accountId", "driftSeverity" DESC, "driftDifferences" DESC, "name");

-- CreateIndex
CREATE INDEX "node_instances_created_sort_idx" ON "node_instances"("accountId", "createdAt" DESC, "name");

-- CreateIndex
CREATE INDEX "node_instances_templateId_name_idx" ON "node_instances"("templateId", "name");

-- CreateIndex
CREATE INDEX "node_instances_drifted_name_idx" ON "node_instances"("accountId", "name") WHERE ("driftSeverity" <> 'none');

-- CreateIndex
CREATE INDEX "promotion_requests_accountId_createdAt_id_idx" ON "promotion_requests"("accountId", "createdAt" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "audit_events_archive" ADD CONSTRAINT "audit_events_archive_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
