-- Adding the columns in place (SQLite allows NOT NULL with a constant default) instead of
-- copying both tables, which is what the generated script did.
ALTER TABLE "Shop" ADD COLUMN "staff" TEXT NOT NULL DEFAULT '{}';
ALTER TABLE "OnboardingActivity" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'onboarding';
