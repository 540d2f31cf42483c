-- AlterTable
ALTER TABLE "TrackingEvent" ADD COLUMN "eventAtFlag" TEXT;

