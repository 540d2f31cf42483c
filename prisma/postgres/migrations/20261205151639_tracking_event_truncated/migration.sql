-- AlterTable
ALTER TABLE "TrackingEvent" ADD COLUMN     "truncated" TEXT;

