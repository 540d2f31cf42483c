-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "countryCode" TEXT,
ADD COLUMN     "ianaTimezone" TEXT,
ADD COLUMN     "primaryLocale" TEXT;

