import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

/** Random secret, URL-safe. 32 bytes = 256 bits: unguessable, so a plain SHA-256 is enough to store it. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

// OWASP's argon2id recommendation (m = 19 MiB, t = 2, p = 1).
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the email is unknown so timing does not reveal accounts. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomSecret());
  return decoyHash;
}

export const API_TOKEN_PREFIX = "stk_";
export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomSecret(32)}`;
}

/** Node agents' per-instance tokens: valid only on the agent API (docs/fleet.md). */
export const AGENT_TOKEN_PREFIX = "sna_";
export function newAgentToken(): string {
  return `${AGENT_TOKEN_PREFIX}${randomSecret(32)}`;
}

/** Per-template enrollment secrets, exchanged by an agent for its own instance and agent token. */
export const ENROLLMENT_TOKEN_PREFIX = "sne_";
export function newEnrollmentToken(): string {
  return `${ENROLLMENT_TOKEN_PREFIX}${randomSecret(32)}`;
}

/** What lists show to recognise a token without revealing it: the prefix and four characters. */
export function tokenDisplayPrefix(token: string): string {
  return token.slice(0, 8);
}
