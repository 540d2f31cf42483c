import { startPostgres } from "./postgres";

/** `tsx tests/setup/postgres-server.ts`: a throwaway Postgres for running one suite by hand; prints its URL, stops on Ctrl-C. */
const server = await startPostgres();
console.log(`TEST_POSTGRES_URL=${server.url}`);
const stop = () => void server.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
setInterval(() => undefined, 1 << 30);
