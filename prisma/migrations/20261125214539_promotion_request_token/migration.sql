-- AlterTable
ALTER TABLE "promotion_requests" ADD COLUMN     "requestedByTokenId" TEXT;

-- CreateIndex
CREATE INDEX "promotion_requests_status_expiresAt_idx" ON "promotion_requests"("status", "expiresAt");
