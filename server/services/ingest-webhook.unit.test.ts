import { describe, expect, it } from "vitest";
import { repositoriesNamed } from "./ingest-webhook";

describe("repositoriesNamed", () => {
  it("reads a plain body, registry notifications and forge package events", () => {
    expect(repositoriesNamed({ repository: "registry.example.com/acme/modules/x" })).toEqual(["registry.example.com/acme/modules/x"]);
    expect(repositoriesNamed({ events: [{ action: "push", target: { repository: "acme/modules/x" }, request: { host: "reg:5000" } }] })).toEqual([
      "acme/modules/x",
      "reg:5000/acme/modules/x",
    ]);
    expect(repositoriesNamed({ action: "published", package: { name: "x", owner: { login: "acme" } } })).toEqual(["x", "acme/x"]);
  });

  it("ignores hostile shapes", () => {
    for (const body of [null, 42, "x", [], { repository: 1 }, { events: "no" }, { events: [null, { target: null }] }, { repository: "x".repeat(1000) }]) {
      expect(repositoriesNamed(body)).toEqual([]);
    }
  });
});
