import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { BoundedLruCache } from "./bounded-lru-cache";
import type { ServiceContext } from "./context";
import { INGEST_POLL_ACTOR_LABEL, pollModuleRegistry } from "./ingest-poll";
import { webhookSecretOf } from "./ingest-settings";

/**
 * The registry/forge push webhook (docs/ingest.md, Webhook; docs/security.md, Webhook): authenticated by an
 * HMAC-SHA256 of the raw body with the account's secret (`X-Hub-Signature-256: sha256=<hex>` as GitHub and Forgejo
 * send it, or `X-Gitea-Signature: <hex>`), compared in constant time. A delivery id is accepted once within the
 * replay window. It only triggers a poll of the named repository: what gets in is still decided by the signature
 * on the artifact, never by the webhook's content.
 */

export const WEBHOOK_REPLAY_WINDOW_MS = 10 * 60_000;
const seenDeliveries = new BoundedLruCache<true>({ maxEntries: 10_000 });

export interface WebhookRequest {
  accountSlug: string | null;
  headers: Headers;
  rawBody: Uint8Array;
  now: () => Date;
}

export interface WebhookResult {
  duplicate: boolean;
  polled: { module: string; accepted: number; rejected: number }[];
}

function signatureFrom(headers: Headers): Buffer | null {
  const hub = headers.get("x-hub-signature-256");
  const hex = hub?.startsWith("sha256=") ? hub.slice(7) : headers.get("x-gitea-signature") ?? headers.get("x-forgejo-signature");
  if (!hex || !/^[0-9a-fA-F]{64}$/.test(hex)) return null;
  return Buffer.from(hex, "hex");
}

/** Repository names a push event may carry: a registry notification, a forge package event, or `{repository}`. */
export function repositoriesNamed(body: unknown): string[] {
  const out = new Set<string>();
  const str = (v: unknown) => (typeof v === "string" && v.length > 0 && v.length <= 255 ? v : null);
  if (typeof body !== "object" || body === null) return [];
  const b = body as Record<string, unknown>;
  const direct = str(b.repository);
  if (direct) out.add(direct);
  if (Array.isArray(b.events)) {
    for (const e of b.events.slice(0, 50)) {
      const event = e as { target?: { repository?: unknown }; request?: { host?: unknown } } | null;
      const repo = str(event?.target?.repository);
      if (!repo) continue;
      out.add(repo);
      const host = str(event?.request?.host);
      if (host) out.add(`${host}/${repo}`);
    }
  }
  const pkg = b.package as { name?: unknown; owner?: { login?: unknown } } | undefined;
  const pkgName = str(pkg?.name);
  if (pkgName) {
    out.add(pkgName);
    const owner = str(pkg?.owner?.login);
    if (owner) out.add(`${owner}/${pkgName}`);
  }
  return [...out];
}

export async function handleIngestWebhook(db: Db, request: WebhookRequest): Promise<WebhookResult> {
  const unauthorized = new AppError("UNAUTHORIZED", "Missing or invalid webhook signature.");
  if (!request.accountSlug) throw unauthorized;
  const account = await db.account.findUnique({ where: { slug: request.accountSlug }, select: { id: true, slug: true, ingestWebhookSecretSealed: true } });
  const secret = account ? await webhookSecretOf(db, account.id, account.ingestWebhookSecretSealed) : null;
  const given = signatureFrom(request.headers);
  if (!account || !secret || !given) throw unauthorized;
  const expected = createHmac("sha256", secret).update(request.rawBody).digest();
  if (!timingSafeEqual(expected, given)) throw unauthorized;

  const delivery = request.headers.get("x-github-delivery") ?? request.headers.get("x-gitea-delivery") ?? request.headers.get("x-forgejo-delivery");
  if (delivery) {
    const key = `${account.id}:${delivery.slice(0, 200)}`;
    if (seenDeliveries.get(key)) return { duplicate: true, polled: [] };
    seenDeliveries.set(key, true, WEBHOOK_REPLAY_WINDOW_MS);
  }

  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(request.rawBody).toString("utf8"));
  } catch {
    throw new AppError("BAD_REQUEST", "The webhook body is not JSON.");
  }
  const names = repositoriesNamed(body);
  if (names.length === 0) return { duplicate: false, polled: [] };
  const modules = await db.module.findMany({ where: { accountId: account.id, ociRepository: { not: null } }, select: { name: true, ociRepository: true } });
  const matched = modules.filter((m) => names.some((n) => m.ociRepository === n || m.ociRepository!.endsWith(`/${n}`))).slice(0, 20);
  const ctx: ServiceContext = {
    db,
    now: request.now,
    actor: { kind: "system", label: INGEST_POLL_ACTOR_LABEL, accountId: account.id, accountSlug: account.slug, role: "author" },
  };
  const polled: WebhookResult["polled"] = [];
  for (const m of matched) {
    const result = await pollModuleRegistry(ctx, m.name);
    polled.push({
      module: m.name,
      accepted: result.attempts.filter((a) => a.outcome === "accepted").length,
      rejected: result.attempts.filter((a) => a.outcome === "rejected").length,
    });
  }
  return { duplicate: false, polled };
}
