-- AlterTable
ALTER TABLE "template_modules" ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "templates" ADD COLUMN     "overrideAt" TIMESTAMP(3),
ADD COLUMN     "overrideBy" TEXT,
ADD COLUMN     "overrideErrorKeys" TEXT[] DEFAULT ARRAY[]::TEXT[];
