-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "blessRequiresEvidence" BOOLEAN NOT NULL DEFAULT false;
