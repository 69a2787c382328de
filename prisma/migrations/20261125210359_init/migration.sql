-- CreateEnum
CREATE TYPE "Role" AS ENUM ('viewer', 'author', 'operator', 'approver', 'admin');

-- CreateEnum
CREATE TYPE "ModuleVariety" AS ENUM ('subscription', 'config', 'instance');

-- CreateEnum
CREATE TYPE "Visibility" AS ENUM ('private', 'public');

-- CreateEnum
CREATE TYPE "PromotionState" AS ENUM ('built', 'staging', 'blessed', 'live', 'retired');

-- CreateEnum
CREATE TYPE "Arch" AS ENUM ('amd64', 'arm64');

-- CreateEnum
CREATE TYPE "InstanceStatus" AS ENUM ('pending', 'provisioning', 'running', 'stopped', 'error', 'terminated');

-- CreateEnum
CREATE TYPE "PromotionRequestStatus" AS ENUM ('pending', 'approved', 'rejected', 'cancelled', 'expired');

-- CreateEnum
CREATE TYPE "ApprovalDecision" AS ENUM ('approve', 'reject');

-- CreateTable
CREATE TABLE "accounts" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "requireApproval" BOOLEAN NOT NULL DEFAULT true,
    "requiredApprovals" INTEGER NOT NULL DEFAULT 1,
    "requestTtlHours" INTEGER NOT NULL DEFAULT 4,
    "stagingStaleHours" INTEGER NOT NULL DEFAULT 24,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "activeAccountId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userAgent" TEXT,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "scopes" TEXT[],
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "categories" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "requireApprovalOverride" BOOLEAN,
    "requiredApprovalsOverride" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "categories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modules" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "categoryId" TEXT NOT NULL,
    "variety" "ModuleVariety" NOT NULL DEFAULT 'subscription',
    "parentModuleId" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "visibility" "Visibility" NOT NULL DEFAULT 'private',
    "repositoryUrl" TEXT,
    "cosignIdentityRegexp" TEXT,
    "cosignIssuerRegexp" TEXT,
    "manifestYaml" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "modules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "module_versions" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "promotionState" "PromotionState" NOT NULL DEFAULT 'built',
    "manifestYaml" TEXT NOT NULL,
    "ociRef" TEXT NOT NULL,
    "ociDigest" TEXT NOT NULL,
    "composefsDigest" TEXT,
    "fileList" TEXT[],
    "packageList" TEXT[],
    "signerIdentity" TEXT,
    "signerIssuer" TEXT,
    "signatureVerifiedAt" TIMESTAMP(3),
    "sbomUri" TEXT,
    "provenanceUri" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stagingAt" TIMESTAMP(3),
    "blessedAt" TIMESTAMP(3),
    "liveAt" TIMESTAMP(3),
    "retiredAt" TIMESTAMP(3),
    "retiredReason" TEXT,
    "previouslyLive" BOOLEAN NOT NULL DEFAULT false,
    "stateChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "module_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "templates" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "overrideReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "template_modules" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "effectivePriorityOverride" INTEGER,
    "pinnedVersionId" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "template_modules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "node_instances" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "templateId" TEXT,
    "name" TEXT NOT NULL,
    "arch" "Arch" NOT NULL DEFAULT 'amd64',
    "status" "InstanceStatus" NOT NULL DEFAULT 'pending',
    "lastHeartbeatAt" TIMESTAMP(3),
    "runningModules" JSONB NOT NULL DEFAULT '{}',
    "runningSince" JSONB NOT NULL DEFAULT '{}',
    "agentTokenHash" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "node_instances_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "promotion_requests" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "moduleVersionId" TEXT NOT NULL,
    "requestedById" TEXT,
    "requestedByLabel" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "PromotionRequestStatus" NOT NULL DEFAULT 'pending',
    "requiredApprovals" INTEGER NOT NULL DEFAULT 1,
    "freezeOverrideReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,

    CONSTRAINT "promotion_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "approvals" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "decision" "ApprovalDecision" NOT NULL,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approvals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "freeze_windows" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "freeze_windows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "accounts_slug_key" ON "accounts"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "memberships_accountId_idx" ON "memberships"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "memberships_userId_accountId_key" ON "memberships"("userId", "accountId");

-- CreateIndex
CREATE INDEX "sessions_userId_idx" ON "sessions"("userId");

-- CreateIndex
CREATE INDEX "sessions_expiresAt_idx" ON "sessions"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_tokenHash_key" ON "api_tokens"("tokenHash");

-- CreateIndex
CREATE INDEX "api_tokens_accountId_createdAt_idx" ON "api_tokens"("accountId", "createdAt");

-- CreateIndex
CREATE INDEX "categories_accountId_position_idx" ON "categories"("accountId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "categories_accountId_slug_key" ON "categories"("accountId", "slug");

-- CreateIndex
CREATE INDEX "modules_accountId_categoryId_idx" ON "modules"("accountId", "categoryId");

-- CreateIndex
CREATE INDEX "modules_accountId_variety_idx" ON "modules"("accountId", "variety");

-- CreateIndex
CREATE INDEX "modules_accountId_updatedAt_idx" ON "modules"("accountId", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "modules_accountId_name_key" ON "modules"("accountId", "name");

-- CreateIndex
CREATE INDEX "module_versions_accountId_promotionState_idx" ON "module_versions"("accountId", "promotionState");

-- CreateIndex
CREATE INDEX "module_versions_moduleId_promotionState_idx" ON "module_versions"("moduleId", "promotionState");

-- CreateIndex
CREATE UNIQUE INDEX "module_versions_moduleId_version_key" ON "module_versions"("moduleId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "module_versions_one_live_per_module" ON "module_versions"("moduleId") WHERE ("promotionState" = 'live');

-- CreateIndex
CREATE UNIQUE INDEX "templates_accountId_name_key" ON "templates"("accountId", "name");

-- CreateIndex
CREATE INDEX "template_modules_moduleId_idx" ON "template_modules"("moduleId");

-- CreateIndex
CREATE INDEX "template_modules_accountId_idx" ON "template_modules"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "template_modules_templateId_moduleId_key" ON "template_modules"("templateId", "moduleId");

-- CreateIndex
CREATE UNIQUE INDEX "node_instances_agentTokenHash_key" ON "node_instances"("agentTokenHash");

-- CreateIndex
CREATE INDEX "node_instances_accountId_status_idx" ON "node_instances"("accountId", "status");

-- CreateIndex
CREATE INDEX "node_instances_templateId_idx" ON "node_instances"("templateId");

-- CreateIndex
CREATE UNIQUE INDEX "node_instances_accountId_name_key" ON "node_instances"("accountId", "name");

-- CreateIndex
CREATE INDEX "promotion_requests_accountId_status_createdAt_idx" ON "promotion_requests"("accountId", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "promotion_requests_one_pending_per_version" ON "promotion_requests"("moduleVersionId") WHERE ("status" = 'pending');

-- CreateIndex
CREATE UNIQUE INDEX "approvals_requestId_userId_key" ON "approvals"("requestId", "userId");

-- CreateIndex
CREATE INDEX "freeze_windows_accountId_endsAt_idx" ON "freeze_windows"("accountId", "endsAt");

-- CreateIndex
CREATE INDEX "audit_events_accountId_createdAt_idx" ON "audit_events"("accountId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "audit_events_accountId_action_createdAt_idx" ON "audit_events"("accountId", "action", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "audit_events_accountId_targetType_targetId_idx" ON "audit_events"("accountId", "targetType", "targetId");

-- CreateIndex
CREATE INDEX "audit_events_accountId_actorLabel_idx" ON "audit_events"("accountId", "actorLabel");

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_activeAccountId_fkey" FOREIGN KEY ("activeAccountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "categories" ADD CONSTRAINT "categories_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modules" ADD CONSTRAINT "modules_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modules" ADD CONSTRAINT "modules_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "categories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modules" ADD CONSTRAINT "modules_parentModuleId_fkey" FOREIGN KEY ("parentModuleId") REFERENCES "modules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_versions" ADD CONSTRAINT "module_versions_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_versions" ADD CONSTRAINT "module_versions_moduleId_fkey" FOREIGN KEY ("moduleId") REFERENCES "modules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "templates" ADD CONSTRAINT "templates_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template_modules" ADD CONSTRAINT "template_modules_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "templates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template_modules" ADD CONSTRAINT "template_modules_moduleId_fkey" FOREIGN KEY ("moduleId") REFERENCES "modules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template_modules" ADD CONSTRAINT "template_modules_pinnedVersionId_fkey" FOREIGN KEY ("pinnedVersionId") REFERENCES "module_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "node_instances" ADD CONSTRAINT "node_instances_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "node_instances" ADD CONSTRAINT "node_instances_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "templates"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_moduleVersionId_fkey" FOREIGN KEY ("moduleVersionId") REFERENCES "module_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "promotion_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "freeze_windows" ADD CONSTRAINT "freeze_windows_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actorUserId_fkey" FOREIGN KEY ("actorUserId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
