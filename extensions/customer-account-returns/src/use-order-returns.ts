import { useEffect, useState } from "preact/hooks";
import { fetchOrderReturns, type Fetched } from "./order-returns";

/** The app's answer for one order, asked once per order id; null while it is on its way. */
export function useOrderReturns(api: Parameters<typeof fetchOrderReturns>[0], orderId: string | undefined, enabled = true): Fetched | null {
  const [state, setState] = useState<Fetched | null>(null);
  useEffect(() => {
    if (!orderId || !enabled) return;
    let current = true;
    setState(null);
    void fetchOrderReturns(api, orderId).then((result) => {
      if (current) setState(result);
    });
    return () => {
      current = false;
    };
  }, [api, orderId, enabled]);
  return state;
}
