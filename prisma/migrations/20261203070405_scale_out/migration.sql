-- AlterTable
ALTER TABLE "node_instances" ADD COLUMN     "staleSince" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "job_runs" (
    "id" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "tick" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "summary" TEXT,
    "error" TEXT,
    "replica" TEXT NOT NULL,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sign_in_throttle" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "sign_in_throttle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "job_runs_job_startedAt_idx" ON "job_runs"("job", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "job_runs_outcome_startedAt_idx" ON "job_runs"("outcome", "startedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "job_runs_job_tick_key" ON "job_runs"("job", "tick");

-- CreateIndex
CREATE INDEX "sign_in_throttle_expire_idx" ON "sign_in_throttle"("expire");
