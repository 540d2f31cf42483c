-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shop" (
    "shop" TEXT NOT NULL,
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMP(3),
    "scopes" TEXT NOT NULL DEFAULT '',
    "staff" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComplianceRequest" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "result" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ComplianceRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Order" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "customerName" TEXT,
    "shippingAddress" TEXT,
    "shipCountry" TEXT,
    "currency" TEXT NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL,
    "shopifyUpdatedAt" TIMESTAMP(3) NOT NULL,
    "fulfilledAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "orderCreatedAt" TIMESTAMP(3),
    "fulfillmentStatus" TEXT,
    "financialStatus" TEXT,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uploadStatus" TEXT NOT NULL DEFAULT 'pending',
    "uploadedVersion" TIMESTAMP(3),
    "uploadedAt" TIMESTAMP(3),
    "uploadAttempts" INTEGER NOT NULL DEFAULT 0,
    "uploadError" TEXT,
    "uploadNextAt" TIMESTAMP(3),

    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LineItem" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "sku" TEXT,
    "title" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "price" TEXT NOT NULL,
    "variantTitle" TEXT,
    "variantId" TEXT,
    "productId" TEXT,
    "currentQuantity" INTEGER,
    "unfulfilledQuantity" INTEGER,
    "requiresShipping" BOOLEAN NOT NULL DEFAULT true,
    "imageUrl" TEXT,

    CONSTRAINT "LineItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SekoCredential" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "system" TEXT NOT NULL,
    "environment" TEXT NOT NULL DEFAULT 'test',
    "secret" TEXT NOT NULL,
    "label" TEXT,
    "secretLast4" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'unchecked',
    "checkedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SekoCredential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SekoSettings" (
    "shop" TEXT NOT NULL,
    "environment" TEXT NOT NULL DEFAULT 'test',
    "overrides" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SekoSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "TrackingEndpoint" (
    "shop" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "rotatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrackingEndpoint_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "TrackingEvent" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "consignmentNo" TEXT NOT NULL,
    "trackingNo" TEXT,
    "orderNo" TEXT,
    "orderKey" TEXT,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "carrier" TEXT,
    "eventAt" TEXT NOT NULL,
    "eventAtFlag" TEXT,
    "itemNo" TEXT,
    "returnReason" TEXT,
    "returnAction" TEXT,
    "raw" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrackingEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReturnShipment" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "consignmentNo" TEXT NOT NULL,
    "trackingNo" TEXT,
    "orderNo" TEXT,
    "orderKey" TEXT,
    "status" TEXT,
    "lastEventAt" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReturnShipment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnboardingSection" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "form" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "answers" TEXT NOT NULL DEFAULT '{}',
    "askManager" TEXT NOT NULL DEFAULT '[]',
    "secrets" TEXT,
    "savedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OnboardingSection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SecretHandover" (
    "id" TEXT NOT NULL,
    "sectionId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "issuedBy" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "emailError" TEXT,
    "revokedAt" TIMESTAMP(3),
    "usedAt" TIMESTAMP(3),
    "usedByName" TEXT,
    "usedIp" TEXT,
    "usedUserAgent" TEXT,

    CONSTRAINT "SecretHandover_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnboardingSubmission" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "form" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "submittedBy" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveryStatus" TEXT NOT NULL DEFAULT 'pending',
    "deliveryAttempts" INTEGER NOT NULL DEFAULT 0,
    "deliveryError" TEXT,
    "nextAttemptAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "messageId" TEXT,

    CONSTRAINT "OnboardingSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentSignature" (
    "id" TEXT NOT NULL,
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
    "signedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "supersededAt" TIMESTAMP(3),

    CONSTRAINT "DocumentSignature_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamMemberRequest" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "omniReturnsRole" TEXT,
    "omniRpsRole" TEXT,
    "timeZone" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "requestedAt" TIMESTAMP(3),
    "createdInSekoAt" TIMESTAMP(3),
    "addedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TeamMemberRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnboardingActivity" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'onboarding',
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OnboardingActivity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncedVariant" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT,
    "sku" TEXT,
    "barcode" TEXT,
    "productTitle" TEXT NOT NULL,
    "variantTitle" TEXT,
    "imageUrl" TEXT,
    "productTags" TEXT NOT NULL DEFAULT '',
    "hsCode" TEXT,
    "countryOfOrigin" TEXT,
    "weightGrams" DOUBLE PRECISION,
    "refreshedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyncedVariant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderSyncState" (
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'idle',
    "phase" TEXT,
    "bulkOperationId" TEXT,
    "bulkStatus" TEXT,
    "bulkObjectCount" INTEGER NOT NULL DEFAULT 0,
    "since" TIMESTAMP(3),
    "linesProcessed" INTEGER NOT NULL DEFAULT 0,
    "ordersIngested" INTEGER NOT NULL DEFAULT 0,
    "estimatedTotal" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3),
    "ingestStartedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "watermark" TIMESTAMP(3),
    "lastReconciledAt" TIMESTAMP(3),
    "nonReturnableTags" TEXT NOT NULL DEFAULT 'final-sale',
    "summaryConfirmedAt" TIMESTAMP(3),
    "summaryConfirmedBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrderSyncState_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "SyncJob" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payload" TEXT,
    "runAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyncJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncLock" (
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncLock_pkey" PRIMARY KEY ("shop","name")
);

-- CreateTable
CREATE TABLE "TestReturn" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "needsReview" BOOLEAN NOT NULL DEFAULT false,
    "returnOption" TEXT NOT NULL,
    "originCountry" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "decision" TEXT,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "system" TEXT,
    "connote" TEXT,
    "trackingUrl" TEXT,
    "cost" DOUBLE PRECISION,
    "labelOutput" TEXT,
    "labelData" TEXT,
    "error" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "voidedAt" TIMESTAMP(3),
    "voidedBy" TEXT,
    "checkedAt" TIMESTAMP(3),

    CONSTRAINT "TestReturn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GoLive" (
    "shop" TEXT NOT NULL,
    "proposedDate" TEXT,
    "proposedBy" TEXT,
    "proposedAt" TIMESTAMP(3),
    "agreedDate" TEXT,
    "confirmedVia" TEXT,
    "confirmedBy" TEXT,
    "confirmedAt" TIMESTAMP(3),
    "sopUrl" TEXT,
    "sopAckBy" TEXT,
    "sopAckAt" TIMESTAMP(3),
    "liveAt" TIMESTAMP(3),
    "liveBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GoLive_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "WebhookDelivery_shop_idx" ON "WebhookDelivery"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_shop_topic_eventId_key" ON "WebhookDelivery"("shop", "topic", "eventId");

-- CreateIndex
CREATE INDEX "ComplianceRequest_shop_idx" ON "ComplianceRequest"("shop");

-- CreateIndex
CREATE INDEX "Order_shop_customerId_idx" ON "Order"("shop", "customerId");

-- CreateIndex
CREATE INDEX "Order_shop_email_idx" ON "Order"("shop", "email");

-- CreateIndex
CREATE INDEX "Order_shop_uploadStatus_idx" ON "Order"("shop", "uploadStatus");

-- CreateIndex
CREATE INDEX "Order_shop_shopifyUpdatedAt_idx" ON "Order"("shop", "shopifyUpdatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Order_shop_shopifyId_key" ON "Order"("shop", "shopifyId");

-- CreateIndex
CREATE UNIQUE INDEX "LineItem_orderId_shopifyId_key" ON "LineItem"("orderId", "shopifyId");

-- CreateIndex
CREATE INDEX "SekoCredential_shop_idx" ON "SekoCredential"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "SekoCredential_shop_system_environment_key" ON "SekoCredential"("shop", "system", "environment");

-- CreateIndex
CREATE UNIQUE INDEX "TrackingEndpoint_token_key" ON "TrackingEndpoint"("token");

-- CreateIndex
CREATE INDEX "TrackingEvent_shop_consignmentNo_idx" ON "TrackingEvent"("shop", "consignmentNo");

-- CreateIndex
CREATE INDEX "TrackingEvent_shop_receivedAt_idx" ON "TrackingEvent"("shop", "receivedAt");

-- CreateIndex
CREATE INDEX "TrackingEvent_shop_orderKey_idx" ON "TrackingEvent"("shop", "orderKey");

-- CreateIndex
CREATE UNIQUE INDEX "TrackingEvent_shop_dedupeKey_key" ON "TrackingEvent"("shop", "dedupeKey");

-- CreateIndex
CREATE INDEX "ReturnShipment_shop_orderKey_idx" ON "ReturnShipment"("shop", "orderKey");

-- CreateIndex
CREATE UNIQUE INDEX "ReturnShipment_shop_consignmentNo_key" ON "ReturnShipment"("shop", "consignmentNo");

-- CreateIndex
CREATE INDEX "OnboardingSection_shop_idx" ON "OnboardingSection"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "OnboardingSection_shop_form_section_key" ON "OnboardingSection"("shop", "form", "section");

-- CreateIndex
CREATE UNIQUE INDEX "SecretHandover_tokenHash_key" ON "SecretHandover"("tokenHash");

-- CreateIndex
CREATE INDEX "SecretHandover_sectionId_issuedAt_idx" ON "SecretHandover"("sectionId", "issuedAt");

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

-- CreateIndex
CREATE INDEX "SyncedVariant_shop_sku_idx" ON "SyncedVariant"("shop", "sku");

-- CreateIndex
CREATE UNIQUE INDEX "SyncedVariant_shop_variantId_key" ON "SyncedVariant"("shop", "variantId");

-- CreateIndex
CREATE INDEX "SyncJob_runAt_idx" ON "SyncJob"("runAt");

-- CreateIndex
CREATE UNIQUE INDEX "SyncJob_shop_kind_key_key" ON "SyncJob"("shop", "kind", "key");

-- CreateIndex
CREATE INDEX "TestReturn_shop_createdAt_idx" ON "TestReturn"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "TestReturn_shop_connote_idx" ON "TestReturn"("shop", "connote");

-- AddForeignKey
ALTER TABLE "LineItem" ADD CONSTRAINT "LineItem_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SecretHandover" ADD CONSTRAINT "SecretHandover_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "OnboardingSection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

