import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getEnv } from "../env";

/**
 * Seals small secrets (registry passwords, webhook secrets) at rest with AES-256-GCM (docs/security.md, Secrets).
 * The key comes from STRATA_SECRET_KEY, else from `<data dir>/secret.key`, created once with mode 0600. A sealed
 * value is `v1.<iv>.<tag>.<ciphertext>` (base64url); the purpose is bound as associated data, so a registry
 * password cannot be replayed as a webhook secret.
 */
export interface SecretBox {
  seal(plaintext: string, purpose: string): string;
  open(sealed: string, purpose: string): string;
}

export function parseSecretKey(raw: string): Buffer {
  const trimmed = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) throw new Error("The secret key must be 32 bytes: 64 hex digits or base64.");
  return key;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error("The secret key must be 32 bytes.");
  return {
    seal(plaintext, purpose) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(purpose));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
    },
    open(sealed, purpose) {
      const [version, iv, tag, body] = sealed.split(".");
      if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("Not a sealed secret.");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      try {
        return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
      } catch {
        throw new Error("The sealed secret does not open with this key (was STRATA_SECRET_KEY changed?).");
      }
    },
  };
}

/** Reads `<dataDir>/secret.key`, creating it (0600, exclusive) on first use. */
export function loadOrCreateKeyFile(dataDir: string): Buffer {
  const file = path.join(dataDir, "secret.key");
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const mode = fs.statSync(file).mode & 0o077;
  if (mode !== 0) throw new Error(`${file} is readable by others (mode ${(fs.statSync(file).mode & 0o777).toString(8)}): chmod 600 it.`);
  return parseSecretKey(fs.readFileSync(file, "utf8"));
}

let box: SecretBox | undefined;

/** The process's secret box (lazy: `next build` never needs a key). */
export function secretBox(): SecretBox {
  if (!box) {
    const env = getEnv();
    box = createSecretBox(env.STRATA_SECRET_KEY ? parseSecretKey(env.STRATA_SECRET_KEY) : loadOrCreateKeyFile(env.STRATA_DATA_DIR));
  }
  return box;
}
