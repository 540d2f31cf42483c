-- CreateTable
CREATE TABLE "SyncedVariant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT,
    "sku" TEXT,
    "barcode" TEXT,
    "productTitle" TEXT NOT NULL,
    "variantTitle" TEXT,
    "imageUrl" TEXT,
    "productTags" TEXT NOT NULL DEFAULT '',
    "hsCode" TEXT,
    "countryOfOrigin" TEXT,
    "weightGrams" REAL,
    "refreshedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "OrderSyncState" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL DEFAULT 'idle',
    "phase" TEXT,
    "bulkOperationId" TEXT,
    "bulkStatus" TEXT,
    "bulkObjectCount" INTEGER NOT NULL DEFAULT 0,
    "since" DATETIME,
    "linesProcessed" INTEGER NOT NULL DEFAULT 0,
    "ordersIngested" INTEGER NOT NULL DEFAULT 0,
    "estimatedTotal" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "startedAt" DATETIME,
    "ingestStartedAt" DATETIME,
    "finishedAt" DATETIME,
    "lastError" TEXT,
    "watermark" DATETIME,
    "lastReconciledAt" DATETIME,
    "nonReturnableTags" TEXT NOT NULL DEFAULT 'final-sale',
    "summaryConfirmedAt" DATETIME,
    "summaryConfirmedBy" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SyncJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payload" TEXT,
    "runAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SyncLock" (
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "name")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Order" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "customerName" TEXT,
    "shippingAddress" TEXT,
    "shipCountry" TEXT,
    "currency" TEXT NOT NULL,
    "processedAt" DATETIME NOT NULL,
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "fulfilledAt" DATETIME,
    "cancelledAt" DATETIME,
    "orderCreatedAt" DATETIME,
    "fulfillmentStatus" TEXT,
    "financialStatus" TEXT,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uploadStatus" TEXT NOT NULL DEFAULT 'pending',
    "uploadedVersion" DATETIME,
    "uploadedAt" DATETIME,
    "uploadAttempts" INTEGER NOT NULL DEFAULT 0,
    "uploadError" TEXT,
    "uploadNextAt" DATETIME
);
INSERT INTO "new_Order" ("cancelledAt", "currency", "customerId", "customerName", "email", "fulfilledAt", "id", "name", "processedAt", "shippingAddress", "shop", "shopifyId", "shopifyUpdatedAt") SELECT "cancelledAt", "currency", "customerId", "customerName", "email", "fulfilledAt", "id", "name", "processedAt", "shippingAddress", "shop", "shopifyId", "shopifyUpdatedAt" FROM "Order";
DROP TABLE "Order";
ALTER TABLE "new_Order" RENAME TO "Order";
CREATE INDEX "Order_shop_customerId_idx" ON "Order"("shop", "customerId");
CREATE INDEX "Order_shop_email_idx" ON "Order"("shop", "email");
CREATE INDEX "Order_shop_uploadStatus_idx" ON "Order"("shop", "uploadStatus");
CREATE INDEX "Order_shop_shopifyUpdatedAt_idx" ON "Order"("shop", "shopifyUpdatedAt");
CREATE UNIQUE INDEX "Order_shop_shopifyId_key" ON "Order"("shop", "shopifyId");
CREATE TABLE "new_LineItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "sku" TEXT,
    "title" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "price" TEXT NOT NULL,
    "variantTitle" TEXT,
    "variantId" TEXT,
    "productId" TEXT,
    "currentQuantity" INTEGER,
    "unfulfilledQuantity" INTEGER,
    "requiresShipping" BOOLEAN NOT NULL DEFAULT true,
    "imageUrl" TEXT,
    CONSTRAINT "LineItem_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_LineItem" ("id", "orderId", "price", "quantity", "shopifyId", "sku", "title") SELECT "id", "orderId", "price", "quantity", "shopifyId", "sku", "title" FROM "LineItem";
DROP TABLE "LineItem";
ALTER TABLE "new_LineItem" RENAME TO "LineItem";
CREATE INDEX "LineItem_variantId_idx" ON "LineItem"("variantId");
CREATE UNIQUE INDEX "LineItem_orderId_shopifyId_key" ON "LineItem"("orderId", "shopifyId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "SyncedVariant_shop_sku_idx" ON "SyncedVariant"("shop", "sku");

-- CreateIndex
CREATE UNIQUE INDEX "SyncedVariant_shop_variantId_key" ON "SyncedVariant"("shop", "variantId");

-- CreateIndex
CREATE INDEX "SyncJob_runAt_idx" ON "SyncJob"("runAt");

-- CreateIndex
CREATE UNIQUE INDEX "SyncJob_shop_kind_key_key" ON "SyncJob"("shop", "kind", "key");

