-- CreateEnum
CREATE TYPE "DriftSeverity" AS ENUM ('none', 'medium', 'high', 'critical');

-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "heartbeatStaleMinutes" INTEGER NOT NULL DEFAULT 5;

-- AlterTable
ALTER TABLE "node_instances" ADD COLUMN     "agentTokenIssuedAt" TIMESTAMP(3),
ADD COLUMN     "agentTokenPrefix" TEXT,
ADD COLUMN     "agentVersion" TEXT,
ADD COLUMN     "decommissionedAt" TIMESTAMP(3),
ADD COLUMN     "driftDifferences" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "driftSeverity" "DriftSeverity" NOT NULL DEFAULT 'none',
ADD COLUMN     "enrolledWithTokenId" TEXT,
ADD COLUMN     "modulesDesired" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "modulesInSync" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "templates" ADD COLUMN     "desiredRevision" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "enrollment_tokens" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "maxUses" INTEGER NOT NULL,
    "uses" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "enrollment_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "instance_events" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "instance_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "enrollment_tokens_tokenHash_key" ON "enrollment_tokens"("tokenHash");

-- CreateIndex
CREATE INDEX "enrollment_tokens_templateId_createdAt_idx" ON "enrollment_tokens"("templateId", "createdAt");

-- CreateIndex
CREATE INDEX "instance_events_instanceId_createdAt_idx" ON "instance_events"("instanceId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "node_instances_accountId_driftSeverity_idx" ON "node_instances"("accountId", "driftSeverity");

-- CreateIndex
CREATE INDEX "node_instances_accountId_lastHeartbeatAt_idx" ON "node_instances"("accountId", "lastHeartbeatAt");

-- AddForeignKey
ALTER TABLE "enrollment_tokens" ADD CONSTRAINT "enrollment_tokens_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enrollment_tokens" ADD CONSTRAINT "enrollment_tokens_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "templates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_events" ADD CONSTRAINT "instance_events_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_events" ADD CONSTRAINT "instance_events_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "node_instances"("id") ON DELETE CASCADE ON UPDATE CASCADE;
