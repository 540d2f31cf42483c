-- AlterTable
ALTER TABLE "GoLive" ADD COLUMN "storefrontCheckedAt" DATETIME;
ALTER TABLE "GoLive" ADD COLUMN "storefrontPlaced" BOOLEAN;
ALTER TABLE "GoLive" ADD COLUMN "stuckDays" INTEGER;

