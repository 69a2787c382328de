-- CreateEnum
CREATE TYPE "IngestOutcome" AS ENUM ('accepted', 'rejected');

-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "ingestWebhookSecretSealed" TEXT;

-- AlterTable
ALTER TABLE "module_versions" ADD COLUMN     "archDigests" JSONB,
ADD COLUMN     "sbomPackages" JSONB,
ADD COLUMN     "signerCertChain" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "modules" ADD COLUMN     "lastPolledAt" TIMESTAMP(3),
ADD COLUMN     "ociRepository" TEXT;

-- CreateTable
CREATE TABLE "signing_policies" (
    "accountId" TEXT NOT NULL,
    "trustedRootJson" TEXT,
    "usePublicGood" BOOLEAN NOT NULL DEFAULT true,
    "tlogThreshold" INTEGER NOT NULL DEFAULT 1,
    "ctlogThreshold" INTEGER NOT NULL DEFAULT 1,
    "timestampThreshold" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "signing_policies_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "registry_credentials" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "registryHost" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "secretSealed" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "registry_credentials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ingest_attempts" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "digest" TEXT,
    "outcome" "IngestOutcome" NOT NULL,
    "reasonCode" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "signerIdentity" TEXT,
    "issuer" TEXT,
    "versionId" TEXT,
    "tagOverwrite" BOOLEAN NOT NULL DEFAULT false,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ingest_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "registry_credentials_accountId_registryHost_key" ON "registry_credentials"("accountId", "registryHost");

-- CreateIndex
CREATE INDEX "ingest_attempts_moduleId_at_idx" ON "ingest_attempts"("moduleId", "at" DESC);

-- CreateIndex
CREATE INDEX "ingest_attempts_moduleId_tag_digest_idx" ON "ingest_attempts"("moduleId", "tag", "digest");

-- CreateIndex
CREATE INDEX "ingest_attempts_accountId_tagOverwrite_at_idx" ON "ingest_attempts"("accountId", "tagOverwrite", "at");

-- AddForeignKey
ALTER TABLE "signing_policies" ADD CONSTRAINT "signing_policies_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registry_credentials" ADD CONSTRAINT "registry_credentials_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ingest_attempts" ADD CONSTRAINT "ingest_attempts_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ingest_attempts" ADD CONSTRAINT "ingest_attempts_moduleId_fkey" FOREIGN KEY ("moduleId") REFERENCES "modules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
