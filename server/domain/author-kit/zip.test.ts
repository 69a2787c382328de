import { describe, expect, it } from "vitest";
import { zipFiles } from "./zip";

/** Reads the central directory back: names, sizes, and the stored bytes of each entry. */
function readZip(bytes: Uint8Array): { path: string; content: string }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const out: { path: string; content: string }[] = [];
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const offset = view.getUint32(at + 42, true);
    const path = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const localName = view.getUint16(offset + 26, true);
    const content = new TextDecoder().decode(bytes.subarray(offset + 30 + localName, offset + 30 + localName + size));
    out.push({ path, content });
    at += 46 + nameLength;
  }
  return out;
}

describe("zipFiles", () => {
  it("stores every file and reads back the same", () => {
    const files = [
      { path: "a/README.md", content: "hello\n" },
      { path: "a/rootfs/etc/é.conf", content: "x = 1\n" },
    ];
    expect(readZip(zipFiles(files))).toEqual(files);
  });

  it("uses the standard CRC-32 (check value of 123456789 is cbf43926)", () => {
    const bytes = zipFiles([{ path: "n", content: "123456789" }]);
    expect(new DataView(bytes.buffer).getUint32(14, true)).toBe(0xcbf43926);
  });

  it("is deterministic", () => {
    expect(zipFiles([{ path: "x", content: "y" }])).toEqual(zipFiles([{ path: "x", content: "y" }]));
  });
});
