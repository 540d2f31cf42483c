-- CreateTable
CREATE TABLE "NotificationTemplate" (
    "id" TEXT NOT NULL,
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
    "savedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "restoredFrom" INTEGER,

    CONSTRAINT "NotificationTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationSettings" (
    "shop" TEXT NOT NULL,
    "skippedAt" TIMESTAMP(3),
    "skippedBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "NotificationTemplate_shop_kind_idx" ON "NotificationTemplate"("shop", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationTemplate_shop_kind_scope_locale_version_key" ON "NotificationTemplate"("shop", "kind", "scope", "locale", "version");

