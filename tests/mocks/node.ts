import { setupServer } from "msw/node";
import { handlers } from "./index";

/** The fakes for Node: vitest's setup and the demo's app process both use this server. */
export const server = setupServer(...handlers);
