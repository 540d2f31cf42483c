import { sekoHandlers } from "./seko";
import { shopifyHandlers } from "./shopify";

/** Every outside service the app talks to, faked at the HTTP boundary. One file per service. */
export const handlers = [...shopifyHandlers, ...sekoHandlers];
