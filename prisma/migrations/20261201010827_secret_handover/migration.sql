-- CreateTable
CREATE TABLE "SecretHandover" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sectionId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "issuedBy" TEXT NOT NULL,
    "issuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "emailError" TEXT,
    "revokedAt" DATETIME,
    "usedAt" DATETIME,
    "usedByName" TEXT,
    "usedIp" TEXT,
    "usedUserAgent" TEXT,
    CONSTRAINT "SecretHandover_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "OnboardingSection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "SecretHandover_tokenHash_key" ON "SecretHandover"("tokenHash");

-- CreateIndex
CREATE INDEX "SecretHandover_sectionId_issuedAt_idx" ON "SecretHandover"("sectionId", "issuedAt");

