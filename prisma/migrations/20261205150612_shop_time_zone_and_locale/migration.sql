-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "countryCode" TEXT;
ALTER TABLE "Shop" ADD COLUMN "ianaTimezone" TEXT;
ALTER TABLE "Shop" ADD COLUMN "primaryLocale" TEXT;

