-- CreateTable
CREATE TABLE "SekoCredential" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "system" TEXT NOT NULL,
    "environment" TEXT NOT NULL DEFAULT 'test',
    "secret" TEXT NOT NULL,
    "label" TEXT,
    "secretLast4" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'unchecked',
    "checkedAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SekoSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "environment" TEXT NOT NULL DEFAULT 'test',
    "overrides" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TrackingEndpoint" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "token" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "rotatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "TrackingEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "consignmentNo" TEXT NOT NULL,
    "trackingNo" TEXT,
    "orderNo" TEXT,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "carrier" TEXT,
    "eventAt" TEXT NOT NULL,
    "itemNo" TEXT,
    "returnReason" TEXT,
    "returnAction" TEXT,
    "raw" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ReturnShipment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "consignmentNo" TEXT NOT NULL,
    "trackingNo" TEXT,
    "orderNo" TEXT,
    "status" TEXT,
    "lastEventAt" TEXT,
    "updatedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "SekoCredential_shop_idx" ON "SekoCredential"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "SekoCredential_shop_system_environment_key" ON "SekoCredential"("shop", "system", "environment");

-- CreateIndex
CREATE UNIQUE INDEX "TrackingEndpoint_token_key" ON "TrackingEndpoint"("token");

-- CreateIndex
CREATE INDEX "TrackingEvent_shop_consignmentNo_idx" ON "TrackingEvent"("shop", "consignmentNo");

-- CreateIndex
CREATE INDEX "TrackingEvent_shop_receivedAt_idx" ON "TrackingEvent"("shop", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "TrackingEvent_shop_dedupeKey_key" ON "TrackingEvent"("shop", "dedupeKey");

-- CreateIndex
CREATE INDEX "ReturnShipment_shop_orderNo_idx" ON "ReturnShipment"("shop", "orderNo");

-- CreateIndex
CREATE UNIQUE INDEX "ReturnShipment_shop_consignmentNo_key" ON "ReturnShipment"("shop", "consignmentNo");

