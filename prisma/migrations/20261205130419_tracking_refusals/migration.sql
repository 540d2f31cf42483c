-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_TrackingEndpoint" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "token" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "rotatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "refusedCount" INTEGER NOT NULL DEFAULT 0,
    "lastRefusedAt" DATETIME,
    "lastRefusal" TEXT,
    "lastAcceptedAt" DATETIME
);
INSERT INTO "new_TrackingEndpoint" ("passwordHash", "rotatedAt", "shop", "token", "username") SELECT "passwordHash", "rotatedAt", "shop", "token", "username" FROM "TrackingEndpoint";
DROP TABLE "TrackingEndpoint";
ALTER TABLE "new_TrackingEndpoint" RENAME TO "TrackingEndpoint";
CREATE UNIQUE INDEX "TrackingEndpoint_token_key" ON "TrackingEndpoint"("token");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

