-- CreateTable
CREATE TABLE "ShopQuota" (
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "used" INTEGER NOT NULL,

    CONSTRAINT "ShopQuota_pkey" PRIMARY KEY ("shop","name")
);

