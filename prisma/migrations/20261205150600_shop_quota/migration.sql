-- CreateTable
CREATE TABLE "ShopQuota" (
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "windowStart" DATETIME NOT NULL,
    "used" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "name")
);

