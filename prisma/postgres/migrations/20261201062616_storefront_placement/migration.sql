-- AlterTable
ALTER TABLE "GoLive" DROP COLUMN "healthReasons";

