/**
 * A process whose embedded database gets stuck inside WebAssembly (a long pg_sleep blocks PGlite's thread, as a
 * wedged write does): the watchdog must log and end it. Run by tests/integration/db-watchdog.test.ts.
 */
import { PGlite } from "@electric-sql/pglite";
import { armPgliteWatchdog } from "../../../server/db/watchdog";

const pglite = await PGlite.create();
armPgliteWatchdog(pglite, { timeoutMs: 1000, checkEveryMs: 100 });
console.log("querying");
await pglite.query("SELECT pg_sleep(60)");
console.log("the query returned: the watchdog did not fire");
process.exit(0);
