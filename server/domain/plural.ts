/** "1 error", "3 errors" (or an irregular plural: `plural(2, "entry", "entries")`). Pure; used by UI and CLI. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
