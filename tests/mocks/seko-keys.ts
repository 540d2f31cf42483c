/**
 * The simulated SEKO's one account: the only credentials it accepts (tests/mocks/seko.ts), on
 * its test and live hosts alike. Kept apart from the fake itself so the demo's start-up script
 * can print them, and hand them to the app's step 3 hint, without loading the fake.
 */
export const SEKO_TEST_KEYS = {
  omniparcel: "op_test_7c1e4b9a2d",
  omnireturns: "or_test_3f8a6d0c5e",
  /** The retailer name is SEKO's to issue: OmniRPS accepts the token with this name, spelled exactly so. */
  omnirps: { token: "rps_test_9b2d7e4f1a", retailerName: "Demo Returns Store" },
} as const;
