import { describe, expect, it } from "vitest";
import { paletteItems } from "./palette-items";

const found = {
  modules: [{ name: "nginx", displayName: "NGINX web server" }],
  templates: [{ id: "t1", name: "edge-web" }],
  instances: [{ id: "i1", name: "edge-fra-01" }],
  approvals: [{ id: "r1", moduleName: "nginx", version: "1.3.0" }],
};

describe("command palette items", () => {
  it("without a query: every page and action, the attention home first", () => {
    const items = paletteItems("", undefined);
    expect(items[0]).toMatchObject({ group: "Pages", label: "Home", href: "/app/system/home" });
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(["Modules", "Pipeline", "Templates", "Approvals", "Instances", "Audit", "Settings", "Promote…", "New module"]));
  });

  it("a query filters pages and actions and adds what the account has by that name", () => {
    const items = paletteItems("n", found);
    expect(items.filter((i) => i.group === "Pages").map((i) => i.label)).toEqual(["Pipeline", "Instances", "Settings"]);
    expect(items.find((i) => i.group === "Modules")).toMatchObject({ label: "nginx", href: "/app/system/modules/nginx" });
    expect(items.find((i) => i.group === "Templates")).toMatchObject({ href: "/app/system/templates/t1" });
    expect(items.find((i) => i.group === "Instances")).toMatchObject({ href: "/app/system/instances/i1" });
    expect(items.find((i) => i.group === "Live requests")).toMatchObject({ label: "nginx 1.3.0", href: "/app/system/approvals/r1" });
  });

  it("\"Promote…\" asks for a module, then offers its Versions tab", () => {
    expect(paletteItems("prom", undefined).find((i) => i.label === "Promote…")).toMatchObject({ fill: "promote " });
    expect(paletteItems("promote ", undefined)).toEqual([]);
    expect(paletteItems("promote ngi", found)).toEqual([
      expect.objectContaining({ label: "Promote nginx…", href: "/app/system/modules/nginx/versions" }),
    ]);
  });
});
