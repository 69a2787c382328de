"use client";

import { useQuery } from "@tanstack/react-query";
import { AlarmClock, CheckCircle2, CircleCheck, FileWarning, type LucideIcon, OctagonPause, PackageX, Radio, ServerCrash, ShieldCheck, Snowflake, Unplug } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { useTRPC } from "@/components/trpc/client";
import { cn } from "@/components/ui/cn";
import { ErrorState } from "@/components/ui/error-state";
import { formatAbsoluteTime } from "@/components/ui/format";
import { Skeleton } from "@/components/ui/skeleton";
import { plural } from "@/server/domain/plural";
import type { AttentionSummary } from "@/server/services/attention";

type Tone = "error" | "warning" | "info" | "quiet";

const TONES: Record<Tone, string> = {
  error: "text-error",
  warning: "text-warning-fg",
  info: "text-state-blessed-fg",
  quiet: "text-muted-foreground",
};

interface Item {
  key: string;
  icon: LucideIcon;
  count: number;
  /** "{count} {label}": the noun phrase, pluralised with the count. */
  label: (count: number) => string;
  detail?: ReactNode;
  href: string;
  tone: Tone;
  /** Named items under the count, each with its own link. */
  names?: Array<{ key: string; label: ReactNode; href: string }>;
}

function itemsOf(data: AttentionSummary): Item[] {
  const a = data.approvals;
  const items: Item[] = [];
  if (a.mine !== null) {
    items.push({
      key: "approvals-mine",
      icon: ShieldCheck,
      count: a.mine,
      label: (n) => `${plural(n, "live request", { withCount: false })} for you to decide`,
      detail: a.pending > a.mine ? `${plural(a.pending, "request")} pending in all` : undefined,
      href: "/app/system/approvals",
      tone: "error",
    });
  } else {
    items.push({ key: "approvals", icon: ShieldCheck, count: a.pending, label: (n) => `pending live ${plural(n, "request", { withCount: false })}`, href: "/app/system/approvals", tone: "warning" });
  }
  const p = data.pipeline;
  items.push({
    key: "ready",
    icon: CheckCircle2,
    count: p.readyToBless,
    label: (n) => `${plural(n, "version", { withCount: false })} ready to bless`,
    detail: "≥3 healthy instances for ≥30 minutes",
    href: "/app/system/pipeline?attention=ready",
    tone: "info",
    names: p.readyVersions.map((v) => ({ key: `${v.module}@${v.version}`, label: `${v.module} ${v.version}`, href: `/app/system/modules/${encodeURIComponent(v.module)}/versions` })),
  });
  items.push({
    key: "stale-staging",
    icon: AlarmClock,
    count: p.staleStaging,
    label: (n) => `${plural(n, "version", { withCount: false })} stale in staging`,
    detail: `no operator action for ${p.stagingStaleHours} h`,
    href: "/app/system/pipeline?attention=stale",
    tone: "warning",
    names: p.staleVersions.map((v) => ({ key: `${v.module}@${v.version}`, label: `${v.module} ${v.version}`, href: `/app/system/modules/${encodeURIComponent(v.module)}/versions` })),
  });
  const r = data.rollouts;
  items.push({
    key: "rollouts-halted",
    icon: OctagonPause,
    count: r.halted,
    label: (n) => `halted ${plural(n, "rollout", { withCount: false })}`,
    detail: "a wave failed its health gate",
    href: "/app/system/pipeline",
    tone: "error",
  });
  items.push({
    key: "rollouts-active",
    icon: Radio,
    count: r.progressing + r.paused,
    label: (n) => `${plural(n, "rollout", { withCount: false })} in progress`,
    detail: r.paused > 0 ? `${r.paused} paused` : undefined,
    href: "/app/system/pipeline",
    tone: "info",
  });
  const f = data.fleet;
  items.push({
    key: "drifted",
    icon: Unplug,
    count: f.drifted,
    label: (n) => `drifted ${plural(n, "instance", { withCount: false })}`,
    detail: f.criticalDrift > 0 ? `${f.criticalDrift} critical` : undefined,
    href: "/app/system/instances?drift=drifted",
    tone: f.criticalDrift > 0 ? "error" : "warning",
  });
  items.push({
    key: "stale-instances",
    icon: ServerCrash,
    count: f.stale,
    label: (n) => `${plural(n, "instance", { withCount: false })} with a stale heartbeat`,
    href: "/app/system/instances?stale=true",
    tone: "warning",
  });
  const i = data.ingest;
  items.push({
    key: "rejected-ingests",
    icon: PackageX,
    count: i.rejected,
    label: (n) => `rejected ${plural(n, "ingest", { withCount: false })} in the last ${i.windowHours} h`,
    href: i.modules[0] ? `/app/system/modules/${encodeURIComponent(i.modules[0].name)}/ingest` : "/app/system/modules",
    tone: "error",
    names: i.modules.map((m) => ({ key: m.name, label: `${m.name} (${m.count})`, href: `/app/system/modules/${encodeURIComponent(m.name)}/ingest` })),
  });
  const c = data.compositions;
  items.push({
    key: "accepted-errors",
    icon: FileWarning,
    count: c.acceptedErrors,
    label: (n) => `${plural(n, "template", { withCount: false })} running with accepted composition errors`,
    href: "/app/system/templates",
    tone: "warning",
    names: c.templates.map((t) => ({ key: t.id, label: <span title={`Accepted: ${t.reason}`}>{t.name}</span>, href: `/app/system/templates/${t.id}` })),
  });
  items.push({
    key: "freezes",
    icon: Snowflake,
    count: data.freezes.length,
    label: (n) => `${plural(n, "freeze window", { withCount: false })} active`,
    detail: data.freezes[0] ? `${data.freezes[0].reason}, until ${formatAbsoluteTime(data.freezes[0].endsAt)}` : undefined,
    href: "/app/system/settings?tab=policy",
    tone: "info",
  });
  return items;
}

/** The attention home: counts of what waits for a person, the non-zero ones first, each linking to its list. */
export function AttentionHome() {
  const trpc = useTRPC();
  const query = useQuery(trpc.home.attention.queryOptions(undefined, { refetchInterval: 30_000 }));
  if (query.isError) return <ErrorState title="Could not load what needs attention" error={query.error} onRetry={() => void query.refetch()} />;
  if (query.isPending) {
    return (
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4" aria-busy="true" aria-label="Loading what needs attention">
        {Array.from({ length: 8 }, (_, i) => (
          <Skeleton key={i} className="h-24 w-full" />
        ))}
      </div>
    );
  }
  const items = itemsOf(query.data);
  // Stable sort: what has a count comes first, in the order above (approvals first).
  const open = items.filter((i) => i.count > 0);
  const clear = items.filter((i) => i.count === 0);
  return (
    <div className="space-y-4">
      {open.length === 0 ? (
        <p className="flex items-center gap-2 rounded-lg border bg-card px-4 py-3 text-sm" role="status">
          <CircleCheck aria-hidden="true" className="size-4 text-state-live-fg" />
          Nothing needs a person right now.
        </p>
      ) : null}
      <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4" aria-label="Needs attention" data-testid="attention-open">
        {open.map((item) => (
          <AttentionCard key={item.key} item={item} />
        ))}
      </ul>
      {clear.length > 0 ? (
        <section aria-labelledby="attention-clear" className="space-y-2">
          <h2 id="attention-clear" className="text-xs font-medium text-muted-foreground">
            All clear
          </h2>
          <ul className="flex flex-wrap gap-2" data-testid="attention-clear">
            {clear.map((item) => (
              <li key={item.key}>
                <Link href={item.href} className="inline-flex items-center gap-1.5 rounded-md border px-2 py-1 text-xs text-muted-foreground hover:bg-accent hover:text-foreground" data-attention={item.key}>
                  <item.icon aria-hidden="true" className="size-3.5" />
                  0 {item.label(0)}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function AttentionCard({ item }: { item: Item }) {
  const Icon = item.icon;
  return (
    <li className="flex flex-col gap-1.5 rounded-lg border bg-card p-3" data-attention={item.key} data-count={item.count}>
      <Link href={item.href} className="group flex items-start gap-2 rounded-sm">
        <Icon aria-hidden="true" className={cn("mt-1 size-4 shrink-0", TONES[item.tone])} />
        <span className="min-w-0">
          <span className={cn("block text-2xl leading-tight font-semibold tabular-nums", TONES[item.tone])}>{item.count}</span>
          <span className="text-sm group-hover:underline">{item.label(item.count)}</span>
        </span>
      </Link>
      {item.detail ? <p className="pl-6 text-xs text-muted-foreground">{item.detail}</p> : null}
      {item.names && item.names.length > 0 ? (
        <ul className="flex flex-wrap gap-x-2 gap-y-0.5 pl-6 font-mono text-xs">
          {item.names.map((n) => (
            <li key={n.key} className="min-w-0">
              <Link href={n.href} className="text-muted-foreground underline underline-offset-2 hover:text-foreground">
                {n.label}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
