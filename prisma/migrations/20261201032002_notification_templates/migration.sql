-- CreateTable
CREATE TABLE "NotificationTemplate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "scope" TEXT NOT NULL DEFAULT 'default',
    "locale" TEXT NOT NULL DEFAULT 'default',
    "version" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "form" TEXT,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "savedBy" TEXT NOT NULL,
    "savedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "restoredFrom" INTEGER
);

-- CreateTable
CREATE TABLE "NotificationSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "skippedAt" DATETIME,
    "skippedBy" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "NotificationTemplate_shop_kind_idx" ON "NotificationTemplate"("shop", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationTemplate_shop_kind_scope_locale_version_key" ON "NotificationTemplate"("shop", "kind", "scope", "locale", "version");

