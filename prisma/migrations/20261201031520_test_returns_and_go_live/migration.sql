-- CreateTable
CREATE TABLE "TestReturn" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "needsReview" BOOLEAN NOT NULL DEFAULT false,
    "returnOption" TEXT NOT NULL,
    "originCountry" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "decision" TEXT,
    "decidedBy" TEXT,
    "decidedAt" DATETIME,
    "system" TEXT,
    "connote" TEXT,
    "trackingUrl" TEXT,
    "cost" REAL,
    "labelOutput" TEXT,
    "labelData" TEXT,
    "error" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "voidedAt" DATETIME,
    "voidedBy" TEXT,
    "checkedAt" DATETIME
);

-- CreateTable
CREATE TABLE "GoLive" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "proposedDate" TEXT,
    "proposedBy" TEXT,
    "proposedAt" DATETIME,
    "agreedDate" TEXT,
    "confirmedVia" TEXT,
    "confirmedBy" TEXT,
    "confirmedAt" DATETIME,
    "sopUrl" TEXT,
    "sopAckBy" TEXT,
    "sopAckAt" DATETIME,
    "liveAt" DATETIME,
    "liveBy" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "TestReturn_shop_createdAt_idx" ON "TestReturn"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "TestReturn_shop_connote_idx" ON "TestReturn"("shop", "connote");

