import { goLiveState } from "./go-live.server";

/**
 * Whether returns are live for this shop: the one place the storefront link reads the go-live state
 * from. Step 10 owns the answer (`goLiveState`, set when "Go live" passes its gate).
 */
export async function returnsLive(shop: string): Promise<boolean> {
  return (await goLiveState(shop)).live;
}
