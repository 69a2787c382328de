import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Progress } from "./progress";

function render(props: Parameters<typeof Progress>[0]): string {
  return renderToStaticMarkup(createElement(Progress, props));
}

describe("Progress", () => {
  it("is a named progressbar with its value, bounds and a spoken value", () => {
    const html = render({ value: 12, max: 20, "aria-label": "edge-web: nodes running nginx 1.4.0", valueText: "12 of 20 nodes" });
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('aria-label="edge-web: nodes running nginx 1.4.0"');
    expect(html).toContain('aria-valuemin="0"');
    expect(html).toContain('aria-valuemax="20"');
    expect(html).toContain('aria-valuenow="12"');
    expect(html).toContain('aria-valuetext="12 of 20 nodes"');
    expect(html).toContain("width:60%");
  });

  it("clamps the value and shows nothing to do as empty, not done", () => {
    expect(render({ value: 30, max: 20, "aria-label": "x" })).toContain('aria-valuenow="20"');
    expect(render({ value: -1, max: 20, "aria-label": "x" })).toContain('aria-valuenow="0"');
    const empty = render({ value: 0, max: 0, "aria-label": "x" });
    expect(empty).toContain("width:0%");
    expect(empty).toContain('aria-valuetext="0 of 0"');
  });
});
