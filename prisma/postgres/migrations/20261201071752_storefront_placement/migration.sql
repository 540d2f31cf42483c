-- AlterTable
ALTER TABLE "GoLive" ADD COLUMN     "storefrontCheckedAt" TIMESTAMP(3),
ADD COLUMN     "storefrontPlaced" BOOLEAN,
ADD COLUMN     "stuckDays" INTEGER;

