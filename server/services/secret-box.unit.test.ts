import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox, loadOrCreateKeyFile, parseSecretKey } from "./secret-box";

describe("secret box", () => {
  const box = createSecretBox(randomBytes(32));

  it("round-trips and never stores the plaintext", () => {
    const sealed = box.seal("hunter2-registry-password", "registry");
    expect(sealed).not.toContain("hunter2");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(box.open(sealed, "registry")).toBe("hunter2-registry-password");
    expect(box.seal("x", "registry")).not.toBe(box.seal("x", "registry"));
  });

  it("refuses another purpose, another key and a tampered value", () => {
    const sealed = box.seal("secret", "registry");
    expect(() => box.open(sealed, "webhook")).toThrow(/does not open/);
    expect(() => createSecretBox(randomBytes(32)).open(sealed, "registry")).toThrow(/does not open/);
    const parts = sealed.split(".");
    parts[3] = Buffer.from("SECRET").toString("base64url");
    expect(() => box.open(parts.join("."), "registry")).toThrow(/does not open/);
    expect(() => box.open("garbage", "registry")).toThrow(/Not a sealed secret/);
  });

  it("parses hex and base64 keys of 32 bytes only", () => {
    expect(parseSecretKey("ab".repeat(32)).length).toBe(32);
    expect(parseSecretKey(randomBytes(32).toString("base64")).length).toBe(32);
    expect(() => parseSecretKey("short")).toThrow(/32 bytes/);
  });

  it("creates the key file once, mode 0600, and refuses a world-readable one", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-key-"));
    try {
      const first = loadOrCreateKeyFile(dir);
      expect(fs.statSync(path.join(dir, "secret.key")).mode & 0o777).toBe(0o600);
      expect(loadOrCreateKeyFile(dir).equals(first)).toBe(true);
      fs.chmodSync(path.join(dir, "secret.key"), 0o644);
      expect(() => loadOrCreateKeyFile(dir)).toThrow(/chmod 600/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
