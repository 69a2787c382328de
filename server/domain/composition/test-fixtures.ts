/** Small hand-made compositions for the unit tests. Not imported by production code. */
import type { CatalogModule, ComposeInput, ComposeModule } from "./types";

export const CATEGORIES = {
  "system-base": 10,
  "security-hardening": 20,
  "network-overlay": 60,
  "container-runtimes": 70,
  userland: 90,
} as const;

export function mod(name: string, extra: Partial<ComposeModule> = {}): ComposeModule {
  return {
    name,
    category: "userland",
    variety: "subscription",
    priority: 0,
    version: "1.0.0",
    fileSpec: ["/**"],
    ...extra,
  };
}

export function cat(name: string, extra: Partial<CatalogModule> = {}): CatalogModule {
  return {
    name,
    category: "system-base",
    variety: "subscription",
    priority: 0,
    version: "1.0.0",
    fileSpec: ["/**"],
    ...extra,
  };
}

export function input(modules: ComposeModule[], extra: Partial<ComposeInput> = {}): ComposeInput {
  return { owner: "powernode", categories: CATEGORIES, modules, ...extra };
}
