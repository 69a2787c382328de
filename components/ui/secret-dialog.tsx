"use client";

import { Copy } from "lucide-react";
import type * as React from "react";

import { Button } from "./button";
import { copyToClipboard } from "./clipboard";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "./dialog";
import { Input } from "./input";
import { toastError, toastSuccess } from "./toast";

export interface SecretDialogProps {
  /** The secret; `null` closes the dialog. It is never kept anywhere else, so closing loses it. */
  secret: string | null;
  onClose: () => void;
  title: React.ReactNode;
  description: React.ReactNode;
  /** Names the read-only box and its copy button: "New API token" → "Copy new API token". */
  label: string;
  /** Extra content under the box, e.g. how to use it. */
  children?: React.ReactNode;
}

/** Shows a just-created secret once (API token, agent token, enrollment token) with a copy button. docs/ui.md. */
export function SecretDialog({ secret, onClose, title, description, label, children }: SecretDialogProps) {
  return (
    <Dialog open={secret !== null} onOpenChange={(open) => (open ? null : onClose())}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <div className="flex items-center gap-2">
          <Input readOnly aria-label={label} value={secret ?? ""} className="font-mono text-xs" data-testid="secret-value" onFocus={(e) => e.currentTarget.select()} />
          <Button
            variant="outline"
            size="icon"
            aria-label={`Copy ${label.charAt(0).toLowerCase()}${label.slice(1)}`}
            onClick={() => {
              void copyToClipboard(secret ?? "").then((ok) =>
                ok ? toastSuccess("Copied to clipboard") : toastError("Select the text and copy it by hand.", "Could not copy"),
              );
            }}
          >
            <Copy aria-hidden />
          </Button>
        </div>
        {children}
        <DialogFooter>
          <Button onClick={onClose}>Done</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
