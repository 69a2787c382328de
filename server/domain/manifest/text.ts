/**
 * Offsets ↔ 1-based line/column ranges over the manifest text. Columns count UTF-16 code units, which is what
 * Monaco and the `yaml` package both use, so ranges computed here line up with editor markers.
 */
import type { SourceRange } from "../issues";

export class LineIndex {
  /** Offset of the first character of each line; line 1 starts at 0. */
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): { line: number; column: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - (this.lineStarts[lo] ?? 0) + 1 };
  }

  range(start: number, end: number): SourceRange {
    const s = this.position(start);
    const e = this.position(Math.max(start, end));
    return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
  }

  /** The offset of a 1-based position; positions past a line's end clamp to that line's end. */
  offset(line: number, column: number): number {
    if (line < 1) return 0;
    if (line > this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[line - 1] ?? 0;
    const next = this.lineStarts[line];
    const lineEnd = next === undefined ? this.text.length : next - 1;
    return Math.min(start + Math.max(0, column - 1), Math.max(start, lineEnd));
  }

  lineStart(offset: number): number {
    return this.lineStarts[this.position(offset).line - 1] ?? 0;
  }

  /** Offset of the newline ending the line containing `offset` (or the text length on the last line). */
  lineEnd(offset: number): number {
    const nl = this.text.indexOf("\n", offset);
    return nl === -1 ? this.text.length : nl;
  }
}

function isTrailingSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Moves `end` back over whitespace and line breaks so an underline stops at the last visible character. */
export function trimEnd(text: string, start: number, end: number): number {
  let e = Math.min(end, text.length);
  while (e > start && isTrailingSpace(text.charCodeAt(e - 1))) e--;
  return e;
}

/** The end of the first line of [start, end): a compact underline for a multi-line node. */
export function firstLineEnd(text: string, start: number, end: number): number {
  const nl = text.indexOf("\n", start);
  const stop = nl === -1 || nl > end ? end : nl;
  return trimEnd(text, start, stop);
}

/** The line terminator the document already uses, so generated text does not mix styles. */
export function detectEol(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

/** UTF-8 byte length without allocating an encoded copy. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Length in Unicode code points, the "characters" JSON Schema's maxLength counts; `.length` counts UTF-16 units and
 * would call an emoji two characters.
 */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A low surrogate after a high one completes a pair that was already counted.
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const prev = text.charCodeAt(i - 1);
      if (prev >= 0xd800 && prev <= 0xdbff) continue;
    }
    n++;
  }
  return n;
}
