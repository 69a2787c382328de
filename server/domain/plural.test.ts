import { describe, expect, it } from "vitest";
import { groupThousands, plural } from "./plural";

describe("plural", () => {
  it("uses the singular for exactly one and word + s otherwise, zero included", () => {
    expect(plural(1, "error")).toBe("1 error");
    expect(plural(0, "error")).toBe("0 errors");
    expect(plural(2, "error")).toBe("2 errors");
    expect(plural(1.5, "hour")).toBe("1.5 hours");
  });

  it("takes an irregular plural as a string or as `many`", () => {
    expect(plural(1, "entry", "entries")).toBe("1 entry");
    expect(plural(3, "entry", "entries")).toBe("3 entries");
    expect(plural(3, "file list entry", { many: "file list entries" })).toBe("3 file list entries");
    expect(plural(1, "path changes", { many: "paths change" })).toBe("1 path changes");
    expect(plural(4, "path changes", { many: "paths change" })).toBe("4 paths change");
  });

  it("leaves large counts ungrouped unless asked", () => {
    expect(plural(12000, "module")).toBe("12000 modules");
  });

  it("groups thousands with commas, whatever the runtime's locale", () => {
    expect(plural(12000, "module", { thousands: true })).toBe("12,000 modules");
    expect(plural(1_234_567, "path", { thousands: true })).toBe("1,234,567 paths");
    expect(plural(999, "path", { thousands: true })).toBe("999 paths");
    expect(plural(1, "module", { thousands: true })).toBe("1 module");
    expect(plural(0, "module", { thousands: true })).toBe("0 modules");
    expect(plural(1000, "entry", { many: "entries", thousands: true })).toBe("1,000 entries");
    expect(plural(-2500, "second", { thousands: true })).toBe("-2,500 seconds");
  });

  it("keeps fractions when grouping", () => {
    expect(plural(1234.5, "KiB", { many: "KiB", thousands: true })).toBe("1,234.5 KiB");
  });

  it("gives the word alone for a verb or noun that agrees with a count shown elsewhere", () => {
    expect(plural(1, "approves", { many: "approve", withCount: false })).toBe("approves");
    expect(plural(2, "approves", { many: "approve", withCount: false })).toBe("approve");
    expect(plural(2, "key", { withCount: false })).toBe("keys");
  });
});

describe("groupThousands", () => {
  it("is the count plural() prints with thousands, without the noun", () => {
    expect(groupThousands(12000)).toBe("12,000");
    expect(groupThousands(7)).toBe("7");
  });
});
