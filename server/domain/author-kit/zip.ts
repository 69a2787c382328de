/**
 * The starter repository as a zip (docs/authoring.md): fflate's synchronous writer, stored entries (a dozen small
 * text files; compression would save a few kilobytes) with a fixed date, so the same files always make the same
 * bytes. Pure and browser-safe, like the rest of the domain.
 */
import { zipSync, type Zippable } from "fflate";

export interface ZipEntry {
  path: string;
  content: string | Uint8Array;
}

/** 1980-01-01, the earliest date a zip entry can carry. */
const FIXED_DATE = new Date(1980, 0, 1);

export function zipFiles(entries: readonly ZipEntry[]): Uint8Array {
  const files: Zippable = {};
  for (const entry of entries) {
    const bytes = typeof entry.content === "string" ? new TextEncoder().encode(entry.content) : entry.content;
    files[entry.path] = [bytes, { level: 0, mtime: FIXED_DATE }];
  }
  return zipSync(files);
}
