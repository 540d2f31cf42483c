-- CreateTable
CREATE TABLE "AppKey" (
    "id" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppKey_pkey" PRIMARY KEY ("id")
);

