/**
 * What the simulated Shopify keeps about one shop besides its tokens: its store data, the leaky
 * bucket its queries draw from, its bulk operations and the app-data metafields on the app's
 * installation. Created by ../shopify.ts, read and changed by the resolvers in this folder.
 */
import type { DemoStore } from "../../fixtures/demo-store";

export type BulkOperationErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";
export type BulkOperationStatus = "CANCELED" | "CANCELING" | "COMPLETED" | "CREATED" | "EXPIRED" | "FAILED" | "RUNNING";

export interface BulkOperationRecord {
  id: string;
  type: "QUERY";
  query: string;
  createdAtMs: number;
  /** How long the operation stays CREATED/RUNNING before it finishes. */
  durationMs: number;
  failWith: BulkOperationErrorCode | null;
  canceledAtMs: number | null;
  jsonl: string;
  objectCount: number;
  rootObjectCount: number;
  fileName: string;
}

export interface ThrottleBucket {
  maximumAvailable: number;
  restoreRate: number;
  currentlyAvailable: number;
  updatedAtMs: number;
}

/** Everything the fake keeps about one shop besides its tokens. */
export interface ShopRuntime {
  domain: string;
  data: DemoStore;
  bucket: ThrottleBucket;
  bulkOperations: BulkOperationRecord[];
  bulkOperationDurationMs: number;
  /** Error codes the next bulk operations finish with, one per operation. */
  pendingBulkFailures: BulkOperationErrorCode[];
  /** App-data metafields on the app's installation (what `app.metafields` shows a theme app extension). */
  appMetafields: AppMetafieldRecord[];
}

export interface AppMetafieldRecord {
  id: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export function createShopRuntime(domain: string, data: DemoStore, options: { bulkOperationDurationMs?: number } = {}): ShopRuntime {
  return {
    domain,
    data,
    bucket: { maximumAvailable: 2000, restoreRate: 100, currentlyAvailable: 2000, updatedAtMs: Date.now() },
    bulkOperations: [],
    bulkOperationDurationMs: options.bulkOperationDurationMs ?? 0,
    pendingBulkFailures: [],
    appMetafields: [],
  };
}
