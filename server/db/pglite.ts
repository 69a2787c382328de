import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { assertFreeSpace } from "./watchdog";

/**
 * PGlite is one session per process, and two processes on one data directory silently corrupt it. A lock file
 * created with O_EXCL holds our pid; a second process fails at once with a clear message. A lock left by a dead
 * process (crash, kill -9) is taken over.
 */
export class DataDirectoryLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `The Strata data directory ${dataDir} is already in use by another process (pid ${holderPid}). ` +
        `Stop that process first, or point STRATA_DATA_DIR at another directory. ` +
        `Embedded PGlite allows only one process per data directory.`,
    );
    this.name = "DataDirectoryLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function lockDataDirectory(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, "strata.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, "utf8").trim() === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(fs.readFileSync(lockPath, "utf8").trim(), 10);
      if (Number.isFinite(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DataDirectoryLockedError(path.resolve(dataDir), holder);
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the data directory ${dataDir}`);
}

export interface OpenedPglite {
  pglite: PGlite;
  close: () => Promise<void>;
}

/**
 * Opens (creating if needed) the embedded database under `dataDir/pgdata`, holding the directory lock. With
 * `minFreeBytes`, refuses to open when the disk is nearly full (the embedded database hangs on a full disk).
 */
export async function openPgliteDataDir(dataDir: string, options: { minFreeBytes?: number } = {}): Promise<OpenedPglite> {
  const release = lockDataDirectory(dataDir);
  try {
    const pgdata = path.join(dataDir, "pgdata");
    fs.mkdirSync(pgdata, { recursive: true });
    if (options.minFreeBytes) assertFreeSpace(path.resolve(pgdata), options.minFreeBytes);
    const pglite = await PGlite.create({ dataDir: pgdata });
    return {
      pglite,
      close: async () => {
        await pglite.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
