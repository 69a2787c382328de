"use client";

import "@xyflow/react/dist/style.css";
import dagre from "@dagrejs/dagre";
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import { useTheme } from "next-themes";
import { useMemo } from "react";
import { moduleColor } from "@/components/ui/module-color";
import { plural } from "@/server/domain/plural";
import type { Preview } from "./types";

const NODE_WIDTH = 168;
const NODE_HEIGHT = 54;

interface ModuleNodeData extends Record<string, unknown> {
  label: string;
  version: string | null;
  sub: string;
  missing: boolean;
  dependency: boolean;
}

function ModuleNode({ data }: NodeProps<Node<ModuleNodeData>>) {
  const color = moduleColor(data.label);
  return (
    <div
      className="rounded-md border-2 px-2 py-1 text-xs shadow-sm"
      style={
        data.missing
          ? { width: NODE_WIDTH, borderColor: "var(--error)", borderStyle: "dashed", background: "var(--background)" }
          : { width: NODE_WIDTH, borderColor: color.border, background: color.bg, color: color.fg, borderStyle: data.dependency ? "dashed" : "solid" }
      }
      data-testid="graph-node"
      data-module={data.label}
    >
      <Handle type="target" position={Position.Top} className="!opacity-0" />
      <div className="truncate font-mono font-semibold" title={data.label}>
        {data.label}
      </div>
      <div className={data.missing ? "truncate text-error" : "truncate opacity-80"}>
        {data.version ? <span className="font-mono">{data.version} · </span> : null}
        {data.sub}
      </div>
      <Handle type="source" position={Position.Bottom} className="!opacity-0" />
    </div>
  );
}

const nodeTypes = { module: ModuleNode };

const RED = "var(--error)";
const MUTED = "var(--muted-foreground)";

/** Nodes and edges of the composition's dependencies, laid out top (dependents) to bottom (what they need). */
export function buildGraph(preview: Preview): { nodes: Node<ModuleNodeData>[]; edges: Edge[] } {
  const nodes = new Map<string, Node<ModuleNodeData>>();
  for (const l of preview.layers) {
    nodes.set(l.label, {
      id: l.label,
      type: "module",
      position: { x: 0, y: 0 },
      data: {
        label: l.label,
        version: l.version,
        sub: l.source === "dependency" ? `via ${l.viaDependencyOf.join(", ")}` : String(l.effectivePriority),
        missing: false,
        dependency: l.source === "dependency",
      },
    });
  }
  const edges: Edge[] = [];
  const placeholder = (id: string, sub: string) => {
    if (!nodes.has(id)) nodes.set(id, { id, type: "module", position: { x: 0, y: 0 }, data: { label: id, version: null, sub, missing: true, dependency: false } });
  };
  for (const [i, d] of preview.dependencies.entries()) {
    const ok = d.status === "satisfied";
    // Satisfied module edges need no label (the target node shows its version); problems and capabilities do.
    const label = d.kind === "capability" ? d.target : ok ? "" : d.range ? `@${d.range}` : "";
    if (d.kind === "module") {
      const target = ok && d.resolvedModule ? d.resolvedModule : d.target;
      if (!nodes.has(target)) placeholder(target, d.status === "disabled" ? "disabled" : d.status);
      edges.push(edge(`m${i}`, d.from, target, label, ok, d.status));
    } else if (ok && d.providers.length) {
      for (const p of d.providers) edges.push({ ...edge(`c${i}-${p}`, d.from, p, label, true, d.status), style: { stroke: MUTED, strokeDasharray: "4 3" } });
    } else {
      const id = `capability:${d.target}`;
      placeholder(id, d.status);
      edges.push(edge(`c${i}`, d.from, id, label, false, d.status));
    }
  }
  // Exclusive capabilities provided twice: a red edge between the clashing providers.
  const exclusive = new Map<string, string[]>();
  for (const l of preview.layers)
    for (const tag of l.provides) {
      const name = tag.split("@")[0]!;
      if (!name.includes(":")) continue;
      exclusive.set(name, [...(exclusive.get(name) ?? []), l.label]);
    }
  for (const [tag, providers] of exclusive) {
    if (providers.length < 2) continue;
    for (let i = 1; i < providers.length; i++) {
      edges.push({
        id: `x-${tag}-${i}`,
        source: providers[0]!,
        target: providers[i]!,
        label: `clash ${tag}`,
        animated: true,
        // Clashing providers usually share a rank, so the edge is short and runs along the nodes: drawn above
        // them, with its label on a background, or the label is hidden behind the nodes it connects.
        zIndex: 1000,
        style: { stroke: RED, strokeWidth: 2, strokeDasharray: "6 4" },
        labelStyle: { fill: RED, fontSize: 11, fontWeight: 600, fontFamily: "var(--font-mono)" },
        labelShowBg: true,
        labelBgStyle: { fill: "var(--background)", stroke: RED, strokeWidth: 1 },
        labelBgPadding: [6, 3],
        labelBgBorderRadius: 4,
        data: { clash: true },
      });
    }
  }
  const g = new dagre.graphlib.Graph();
  // Clashing providers usually sit side by side: leave room between them for the clash label, or it covers their names.
  const hasClash = edges.some((e) => (e.data as { clash?: boolean } | undefined)?.clash);
  g.setGraph({ rankdir: "TB", nodesep: hasClash ? 200 : 48, ranksep: 64, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes.values()) g.setNode(n.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const e of edges) if (!(e.data as { clash?: boolean } | undefined)?.clash) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const laidOut = [...nodes.values()].map((n) => {
    const p = g.node(n.id);
    return { ...n, position: { x: (p?.x ?? 0) - NODE_WIDTH / 2, y: (p?.y ?? 0) - NODE_HEIGHT / 2 } };
  });
  return { nodes: laidOut, edges };
}

function edge(id: string, source: string, target: string, label: string, ok: boolean, status: string): Edge {
  return {
    id,
    source,
    target,
    label: ok ? label : `${label} ${status}`.trim(),
    markerEnd: { type: MarkerType.ArrowClosed, color: ok ? MUTED : RED },
    style: { stroke: ok ? MUTED : RED, strokeWidth: ok ? 1.2 : 2 },
    labelStyle: { fill: ok ? MUTED : RED, fontSize: 11, fontFamily: "var(--font-mono)" },
    labelBgStyle: { fill: "var(--background)" },
    data: { status },
  };
}

export function DependencyGraph({ preview }: { preview: Preview }) {
  const { resolvedTheme } = useTheme();
  const { nodes, edges } = useMemo(() => buildGraph(preview), [preview]);
  const unresolved = preview.dependencies.filter((d) => d.status !== "satisfied").length;
  if (nodes.length === 0) {
    return <p className="rounded-md border p-6 text-center text-sm text-muted-foreground">Add modules to see how they depend on each other.</p>;
  }
  return (
    <div className="space-y-2">
      <p className="text-xs text-muted-foreground">
        Arrows point from a module to what it requires. Dashed modules were pulled in by a dependency; dashed grey arrows are capabilities.
        {unresolved ? <span className="text-error"> {plural(unresolved, "unresolved requirement")} in red.</span> : null}
      </p>
      <div className="h-[560px] rounded-md border" data-testid="dependency-graph" role="group" aria-label={`Dependency graph of ${plural(nodes.length, "module")}`}>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          colorMode={resolvedTheme === "dark" ? "dark" : "light"}
          fitView
          fitViewOptions={{ padding: 0.08, maxZoom: 1.2 }}
          nodesDraggable
          nodesConnectable={false}
          edgesFocusable={false}
          minZoom={0.2}
        >
          <Background gap={16} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
      <ul className="sr-only">
        {preview.dependencies.map((d, i) => (
          <li key={i}>
            {d.from} requires {d.requirement}: {d.status}
            {d.resolvedModule ? ` (${d.resolvedModule}${d.resolvedVersion ? ` ${d.resolvedVersion}` : ""})` : ""}
          </li>
        ))}
      </ul>
    </div>
  );
}
