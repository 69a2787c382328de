"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";
import { ArrowRight } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/components/trpc/client";
import { cn } from "@/components/ui/cn";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { Kbd } from "@/components/ui/kbd";
import { useDebounced } from "@/components/ui/use-debounced";
import { guardedNavigate } from "./navigation-guard";
import { PROMOTE_PREFIX, paletteItems, type PaletteItem, type SearchResult } from "./palette-items";

/**
 * Ctrl/⌘+K: jump to any page, module, template, instance or live request, or start an action (docs/ui.md, "Command
 * palette"). A modal dialog (focus trapped, Escape closes, focus returns) holding an ARIA 1.2 combobox: the box
 * keeps focus, ↑/↓ move the active option (`aria-activedescendant`), Enter chooses it. The AppShell loads it when
 * first opened and its keyboard listener opens it (docs/ui.md, First paint).
 */
export default function CommandPalette({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [query, setQuery] = React.useState("");
  const [active, setActive] = React.useState(0);
  const searchText = query.toLowerCase().startsWith(PROMOTE_PREFIX) ? query.slice(PROMOTE_PREFIX.length).trim() : query.trim();
  const debounced = useDebounced(searchText, 150);
  const search = useQuery(
    trpc.home.search.queryOptions({ query: debounced }, { enabled: open && debounced.length > 0, placeholderData: (previous) => previous, staleTime: 10_000 }),
  );
  const promoting = query.toLowerCase().startsWith(PROMOTE_PREFIX);
  const found: SearchResult | undefined = debounced.length > 0 ? search.data : undefined;
  const items = paletteItems(query, found);
  const listId = React.useId();
  const optionId = (index: number) => `${listId}-option-${index}`;
  const activeIndex = Math.min(active, Math.max(0, items.length - 1));

  React.useEffect(() => {
    if (!open) setQuery("");
  }, [open]);
  React.useEffect(() => setActive(0), [query]);
  React.useEffect(() => {
    document.getElementById(optionId(activeIndex))?.scrollIntoView({ block: "nearest" });
  });

  const choose = (item: PaletteItem | undefined) => {
    if (!item) return;
    if (item.fill !== undefined) {
      setQuery(item.fill);
      return;
    }
    if (item.href) {
      const href = item.href;
      onOpenChange(false);
      guardedNavigate(href, () => router.push(href));
    }
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive((activeIndex + 1) % Math.max(1, items.length));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((activeIndex - 1 + items.length) % Math.max(1, items.length));
    } else if (event.key === "Home" && event.ctrlKey) {
      event.preventDefault();
      setActive(0);
    } else if (event.key === "End" && event.ctrlKey) {
      event.preventDefault();
      setActive(items.length - 1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(items[activeIndex]);
    }
  };

  const groups: Array<{ name: PaletteItem["group"]; entries: Array<{ item: PaletteItem; index: number }> }> = [];
  items.forEach((item, index) => {
    const last = groups[groups.length - 1];
    if (last && last.name === item.group) last.entries.push({ item, index });
    else groups.push({ name: item.group, entries: [{ item, index }] });
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent size="md" showClose={false} className="top-[15vh] translate-y-0 gap-0 p-0" data-testid="command-palette">
        <DialogTitle className="sr-only">Command palette</DialogTitle>
        <DialogDescription className="sr-only">Type to find a page, module, template, instance or live request; arrow keys move, Enter opens.</DialogDescription>
        <div className="flex items-center gap-2 border-b px-3">
          <ArrowRight aria-hidden="true" className="size-4 text-muted-foreground" />
          <input
            role="combobox"
            aria-expanded="true"
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={items.length > 0 ? optionId(activeIndex) : undefined}
            aria-label="Go to or run"
            autoFocus
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={onKeyDown}
            placeholder={promoting ? "Module to promote…" : "Go to a page, module, template, instance, request… or run an action"}
            className="h-11 min-w-0 flex-1 bg-transparent text-sm outline-none placeholder:text-muted-foreground"
            spellCheck={false}
            autoComplete="off"
          />
          <Kbd>Esc</Kbd>
        </div>
        <div id={listId} role="listbox" aria-label="Results" className="max-h-[50vh] overflow-y-auto p-1">
          {items.length === 0 ? (
            <p className="px-3 py-6 text-center text-sm text-muted-foreground" role="presentation">
              {search.isFetching ? "Searching…" : promoting && searchText === "" ? "Type a module's name." : "Nothing matches."}
            </p>
          ) : (
            groups.map((group) => (
              <div key={group.name} role="group" aria-labelledby={`${listId}-${group.name}`}>
                <div id={`${listId}-${group.name}`} role="presentation" className="px-2 pt-2 pb-1 text-xs font-medium text-muted-foreground">
                  {group.name}
                </div>
                {group.entries.map(({ item, index }) => (
                  <div
                    key={item.id}
                    id={optionId(index)}
                    role="option"
                    aria-selected={index === activeIndex}
                    data-palette-item={item.id}
                    // The box keeps focus; a click only chooses.
                    onMouseDown={(event) => event.preventDefault()}
                    onMouseMove={() => setActive(index)}
                    onClick={() => choose(item)}
                    className={cn("flex cursor-pointer items-center gap-2 rounded-sm px-2 py-1.5 text-sm", index === activeIndex && "bg-accent text-accent-foreground")}
                  >
                    <item.icon aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
                    <span className={cn("truncate", group.name !== "Pages" && group.name !== "Actions" && "font-mono")}>{item.label}</span>
                    {item.hint ? <span className="truncate text-xs text-muted-foreground">{item.hint}</span> : null}
                  </div>
                ))}
              </div>
            ))
          )}
        </div>
      </DialogContent>
    </Dialog>
  );
}
