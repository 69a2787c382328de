import { describe, expect, it } from "vitest";
import { methodLabel } from "./metrics";
import { fallbackRouteLabel, restRouteLabel, trpcRouteLabel } from "./route-label";

describe("route labels", () => {
  it("a REST route is labelled by its pattern, never by the concrete path", () => {
    expect(restRouteLabel("/system/modules/{name}")).toBe("/api/v1/system/modules/{name}");
  });

  it("a tRPC request is labelled by its one procedure, or as a batch, or as unmatched", () => {
    expect(trpcRouteLabel(["modules.list"])).toBe("/api/trpc/modules.list");
    expect(trpcRouteLabel(["modules.list", "auth.me"])).toBe("/api/trpc/batch");
    expect(trpcRouteLabel([])).toBe("/api/trpc/unmatched");
  });

  it("requests no adapter labelled fall into a few fixed buckets, ids and queries dropped", () => {
    expect(fallbackRouteLabel("/api/v1/system/modules/3f2a9c1e-0000-4000-8000-000000000000/whatever")).toBe("/api/v1/unmatched");
    expect(fallbackRouteLabel("/api/trpc/evil.name.12345")).toBe("/api/trpc/unmatched");
    expect(fallbackRouteLabel("/api/anything/else")).toBe("/api/unmatched");
    expect(fallbackRouteLabel("/api/mcp")).toBe("/api/mcp");
    expect(fallbackRouteLabel("/metrics")).toBe("/metrics");
    expect(fallbackRouteLabel("/readyz")).toBe("/readyz");
    expect(fallbackRouteLabel("/app/system/modules/nginx")).toBe("next");
    expect(fallbackRouteLabel("/_next/static/chunks/abc123.js")).toBe("next");
  });

  it("methods come from a fixed set", () => {
    expect(methodLabel("get")).toBe("GET");
    expect(methodLabel("PATCH")).toBe("PATCH");
    expect(methodLabel("BREW")).toBe("OTHER");
    expect(methodLabel(undefined)).toBe("OTHER");
  });
});
