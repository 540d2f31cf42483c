-- CreateTable
CREATE TABLE "ReturnMirrorSettings" (
    "shop" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "onDelivered" TEXT NOT NULL DEFAULT 'leave',
    "restockLocationId" TEXT,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReturnMirrorSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "ShopifyReturn" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "consignmentNo" TEXT NOT NULL,
    "orderKey" TEXT,
    "orderId" TEXT,
    "orderName" TEXT,
    "returnId" TEXT,
    "reverseFulfillmentOrderId" TEXT,
    "reverseDeliveryId" TEXT,
    "state" TEXT NOT NULL,
    "shopifyStatus" TEXT,
    "reason" TEXT,
    "lines" TEXT NOT NULL DEFAULT '[]',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastTriedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopifyReturn_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ShopifyReturn_shop_state_idx" ON "ShopifyReturn"("shop", "state");

-- CreateIndex
CREATE UNIQUE INDEX "ShopifyReturn_shop_consignmentNo_key" ON "ShopifyReturn"("shop", "consignmentNo");

