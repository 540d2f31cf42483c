-- CreateTable
CREATE TABLE "OnboardingSection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "form" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "answers" TEXT NOT NULL DEFAULT '{}',
    "askManager" TEXT NOT NULL DEFAULT '[]',
    "secrets" TEXT,
    "savedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OnboardingSubmission" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "form" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "submittedBy" TEXT NOT NULL,
    "submittedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveryStatus" TEXT NOT NULL DEFAULT 'pending',
    "deliveryAttempts" INTEGER NOT NULL DEFAULT 0,
    "deliveryError" TEXT,
    "nextAttemptAt" DATETIME,
    "deliveredAt" DATETIME,
    "messageId" TEXT
);

-- CreateTable
CREATE TABLE "DocumentSignature" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "documentHash" TEXT NOT NULL,
    "signerUserId" TEXT NOT NULL,
    "signerName" TEXT NOT NULL,
    "signerTitle" TEXT NOT NULL,
    "authorityConfirmed" BOOLEAN NOT NULL,
    "ip" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "signedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "supersededAt" DATETIME
);

-- CreateTable
CREATE TABLE "TeamMemberRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "omniReturnsRole" TEXT,
    "omniRpsRole" TEXT,
    "timeZone" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "requestedAt" DATETIME,
    "createdInSekoAt" DATETIME,
    "addedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OnboardingActivity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "OnboardingSection_shop_idx" ON "OnboardingSection"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "OnboardingSection_shop_form_section_key" ON "OnboardingSection"("shop", "form", "section");

-- CreateIndex
CREATE INDEX "OnboardingSubmission_shop_deliveryStatus_idx" ON "OnboardingSubmission"("shop", "deliveryStatus");

-- CreateIndex
CREATE UNIQUE INDEX "OnboardingSubmission_shop_form_version_key" ON "OnboardingSubmission"("shop", "form", "version");

-- CreateIndex
CREATE INDEX "DocumentSignature_shop_document_idx" ON "DocumentSignature"("shop", "document");

-- CreateIndex
CREATE INDEX "TeamMemberRequest_shop_idx" ON "TeamMemberRequest"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "TeamMemberRequest_shop_email_key" ON "TeamMemberRequest"("shop", "email");

-- CreateIndex
CREATE INDEX "OnboardingActivity_shop_createdAt_idx" ON "OnboardingActivity"("shop", "createdAt");

