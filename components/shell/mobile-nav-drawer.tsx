"use client";

import * as React from "react";
import * as DialogPrimitive from "@radix-ui/react-dialog";
import { X } from "lucide-react";

import { cn } from "@/components/ui/cn";

/**
 * The sidebar as a drawer below the `md` breakpoint. Loaded when first opened (docs/ui.md, First paint); `children`
 * renders the sidebar with the close button it is given.
 */
export default function MobileNavDrawer({
  open,
  onOpenChange,
  openButton,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The top bar's button that opens the drawer: focus returns to it on close (it is not a Radix trigger). */
  openButton: React.RefObject<HTMLButtonElement | null>;
  children: (closeButton: React.ReactNode) => React.ReactNode;
}) {
  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-black/50 motion-safe:animate-fade-in md:hidden" />
        <DialogPrimitive.Content
          aria-describedby={undefined}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            openButton.current?.focus();
          }}
          className={cn(
            "fixed inset-y-0 left-0 z-50 flex w-64 max-w-[85vw] flex-col border-r border-sidebar-border bg-sidebar",
            "text-sidebar-foreground shadow-lg outline-none motion-safe:animate-slide-in-left md:hidden",
          )}
        >
          <DialogPrimitive.Title className="sr-only">Navigation</DialogPrimitive.Title>
          {children(
            <DialogPrimitive.Close
              className="ml-1 flex size-8 shrink-0 items-center justify-center rounded-md text-muted-foreground hover:bg-sidebar-accent hover:text-foreground"
              aria-label="Close navigation"
            >
              <X aria-hidden="true" className="size-4" />
            </DialogPrimitive.Close>,
          )}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
