-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "requestId" TEXT;
