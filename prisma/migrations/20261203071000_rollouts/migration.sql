-- CreateEnum
CREATE TYPE "RolloutState" AS ENUM ('progressing', 'paused', 'halted', 'completed', 'rolled_back');

-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "rolloutAutoRollback" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "rolloutDeadlineMinutes" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "rolloutSoakMinutes" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "rolloutSuccessPercent" INTEGER NOT NULL DEFAULT 100,
ADD COLUMN     "rolloutWaves" JSONB;

-- AlterTable
ALTER TABLE "categories" ADD COLUMN     "rolloutAutoRollbackOverride" BOOLEAN,
ADD COLUMN     "rolloutDeadlineMinutesOverride" INTEGER,
ADD COLUMN     "rolloutSoakMinutesOverride" INTEGER,
ADD COLUMN     "rolloutSuccessPercentOverride" INTEGER,
ADD COLUMN     "rolloutWavesOverride" JSONB;

-- AlterTable
ALTER TABLE "module_versions" ADD COLUMN     "badAt" TIMESTAMP(3),
ADD COLUMN     "badBy" TEXT,
ADD COLUMN     "badReason" TEXT;

-- AlterTable
ALTER TABLE "node_instances" ADD COLUMN     "holdRevision" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rolloutHolds" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "rollouts" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "fromVersionId" TEXT,
    "toVersionId" TEXT NOT NULL,
    "requestId" TEXT,
    "state" "RolloutState" NOT NULL DEFAULT 'progressing',
    "policy" JSONB NOT NULL,
    "waves" JSONB NOT NULL,
    "currentWave" INTEGER NOT NULL DEFAULT 0,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "haltReason" TEXT,
    "failure" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "rollouts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rollout_instances" (
    "rolloutId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "wave" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "canary" BOOLEAN NOT NULL DEFAULT false,
    "releasedAt" TIMESTAMP(3),

    CONSTRAINT "rollout_instances_pkey" PRIMARY KEY ("rolloutId","instanceId")
);

-- CreateIndex
CREATE INDEX "rollouts_accountId_state_idx" ON "rollouts"("accountId", "state");

-- CreateIndex
CREATE INDEX "rollouts_moduleId_createdAt_idx" ON "rollouts"("moduleId", "createdAt");

-- CreateIndex
CREATE INDEX "rollouts_state_idx" ON "rollouts"("state");

-- CreateIndex
CREATE INDEX "rollouts_requestId_idx" ON "rollouts"("requestId");

-- CreateIndex
CREATE INDEX "rollout_instances_rolloutId_wave_position_idx" ON "rollout_instances"("rolloutId", "wave", "position");

-- CreateIndex
CREATE INDEX "rollout_instances_instanceId_idx" ON "rollout_instances"("instanceId");

-- AddForeignKey
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_moduleId_fkey" FOREIGN KEY ("moduleId") REFERENCES "modules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_toVersionId_fkey" FOREIGN KEY ("toVersionId") REFERENCES "module_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_fromVersionId_fkey" FOREIGN KEY ("fromVersionId") REFERENCES "module_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollout_instances" ADD CONSTRAINT "rollout_instances_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "rollouts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollout_instances" ADD CONSTRAINT "rollout_instances_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "node_instances"("id") ON DELETE CASCADE ON UPDATE CASCADE;
