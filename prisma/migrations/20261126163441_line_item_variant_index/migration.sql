-- DropIndex
DROP INDEX "LineItem_variantId_idx";

