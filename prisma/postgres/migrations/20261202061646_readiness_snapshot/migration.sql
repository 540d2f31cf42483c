-- CreateTable
CREATE TABLE "ReadinessSnapshot" (
    "shop" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "computedVersion" INTEGER,
    "optionsKey" TEXT,
    "readiness" TEXT,
    "computedAt" TIMESTAMP(3),

    CONSTRAINT "ReadinessSnapshot_pkey" PRIMARY KEY ("shop")
);

