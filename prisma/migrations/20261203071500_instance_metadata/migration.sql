-- AlterTable
ALTER TABLE "node_instances" ADD COLUMN     "hostname" TEXT,
ADD COLUMN     "labels" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "metadataUpdatedAt" TIMESTAMP(3),
ADD COLUMN     "site" TEXT;
