-- DropIndex
DROP INDEX "ReturnShipment_shop_orderNo_idx";

-- AlterTable
ALTER TABLE "TrackingEvent" ADD COLUMN "orderKey" TEXT;

-- AlterTable
ALTER TABLE "ReturnShipment" ADD COLUMN "orderKey" TEXT;

-- CreateIndex
CREATE INDEX "TrackingEvent_shop_orderKey_idx" ON "TrackingEvent"("shop", "orderKey");

-- CreateIndex
CREATE INDEX "ReturnShipment_shop_orderKey_idx" ON "ReturnShipment"("shop", "orderKey");

