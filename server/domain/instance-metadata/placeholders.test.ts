import { describe, expect, it } from "vitest";
import { findPlaceholders, instanceBindings, isKnownPlaceholder, missingPlaceholders, renderPlaceholders } from "./placeholders";

describe("instance placeholders", () => {
  const bindings = instanceBindings({ name: "n1", arch: "arm64", hostname: "edge-1.example", site: "", labels: { rack: "r4", zone: "" } });

  it("binds fields and labels that have a value", () => {
    expect(bindings).toEqual({ "instance.name": "n1", "instance.arch": "arm64", "instance.hostname": "edge-1.example", "instance.labels.rack": "r4" });
  });

  it("substitutes, keeps missing ones as written, and unescapes $${", () => {
    const r = renderPlaceholders("h=${instance.hostname} s=${instance.site} r=${instance.labels.rack} lit=$${instance.hostname} env=${HOME}", bindings);
    expect(r.text).toBe("h=edge-1.example s=${instance.site} r=r4 lit=${instance.hostname} env=${HOME}");
    expect(r.used).toEqual(["instance.hostname", "instance.labels.rack"]);
    expect(r.missing).toEqual(["instance.site"]);
  });

  it("finds each placeholder once, not escaped ones", () => {
    expect(findPlaceholders("${instance.site} ${instance.site} $${instance.name} ${instance.labels.a-b}")).toEqual(["instance.site", "instance.labels.a-b"]);
    expect(missingPlaceholders(["instance.site", "instance.hostname"], bindings)).toEqual(["instance.site"]);
  });

  it("knows which names an instance can set", () => {
    expect(isKnownPlaceholder("instance.hostname")).toBe(true);
    expect(isKnownPlaceholder("instance.labels.rack")).toBe(true);
    expect(isKnownPlaceholder("instance.color")).toBe(false);
    expect(isKnownPlaceholder("instance.labels.")).toBe(false);
  });
});
