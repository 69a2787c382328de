/**
 * Opens an embedded data directory, commits a row, says so, then waits to be killed (kill -9) by
 * tests/integration/db-watchdog.test.ts, which reopens the directory and looks for the row.
 */
import { openPgliteDataDir } from "../../../server/db/pglite";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: write-then-wait.ts <data dir>");
const { pglite } = await openPgliteDataDir(dataDir);
await pglite.exec("CREATE TABLE IF NOT EXISTS survival (id int primary key, note text)");
await pglite.query("INSERT INTO survival VALUES (1, 'committed before the kill')");
console.log("written");
setInterval(() => undefined, 1000);
