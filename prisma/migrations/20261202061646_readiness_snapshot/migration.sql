-- CreateTable
CREATE TABLE "ReadinessSnapshot" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL DEFAULT 0,
    "computedVersion" INTEGER,
    "optionsKey" TEXT,
    "readiness" TEXT,
    "computedAt" DATETIME
);

