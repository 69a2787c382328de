"use client";

import * as React from "react";

import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Kbd } from "@/components/ui/kbd";

import { SHORTCUT_GROUPS } from "./keyboard-shortcuts";

/** The `?` sheet: every keyboard shortcut. Loaded when first opened (docs/ui.md, First paint). */
export default function ShortcutsSheet({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent size="sm">
        <DialogHeader>
          <DialogTitle>Keyboard shortcuts</DialogTitle>
          <DialogDescription>Available anywhere in the console, except while typing in a field.</DialogDescription>
        </DialogHeader>
        <div className="grid gap-4">
          {SHORTCUT_GROUPS.map((group) => (
            <section key={group.title} aria-labelledby={`shortcuts-${group.title}`}>
              <h3 id={`shortcuts-${group.title}`} className="mb-1.5 text-xs font-medium text-muted-foreground">
                {group.title}
              </h3>
              <dl className="grid gap-1">
                {group.shortcuts.map((shortcut) => (
                  <div key={shortcut.label} className="flex items-center justify-between gap-4 py-0.5">
                    <dt className="text-sm">{shortcut.label}</dt>
                    <dd className="flex items-center gap-1">
                      {shortcut.keys.map((k, index) => (
                        <React.Fragment key={k + index}>
                          {index > 0 ? (
                            <span className="text-xs text-muted-foreground">{shortcut.sequence ? "then" : "+"}</span>
                          ) : null}
                          <Kbd>{k}</Kbd>
                        </React.Fragment>
                      ))}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </DialogContent>
    </Dialog>
  );
}
