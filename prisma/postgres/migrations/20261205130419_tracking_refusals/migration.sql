-- AlterTable
ALTER TABLE "TrackingEndpoint" ADD COLUMN     "lastAcceptedAt" TIMESTAMP(3),
ADD COLUMN     "lastRefusal" TEXT,
ADD COLUMN     "lastRefusedAt" TIMESTAMP(3),
ADD COLUMN     "refusedCount" INTEGER NOT NULL DEFAULT 0;

