"use client";

import * as React from "react";

import { copyToClipboard } from "./clipboard";
import { cn } from "./cn";
import { shortDigest } from "./format";
import { toast } from "./toast";
import { Tooltip, TooltipContent, TooltipTrigger } from "./tooltip";

export { shortDigest };

export interface DigestProps {
  /** Full digest, e.g. `sha256:` + 64 hex. */
  value: string;
  /** Hex characters kept in the short form (default 8). */
  length?: number;
  /** Copy the full value on click (default true). With false it is plain text with a tooltip. */
  copyable?: boolean;
  /** What the toast calls it: "Digest", "composefs digest" ... (default "Digest"). */
  label?: string;
  className?: string;
}

/** `<Digest value="sha256:…" />`: monospace short form, full value in a tooltip, click to copy. */
export function Digest({ value, length = 8, copyable = true, label = "Digest", className }: DigestProps) {
  const short = shortDigest(value, length);
  const classes = cn("inline-flex max-w-full items-center font-mono text-xs whitespace-nowrap", className);

  const onCopy = async (event: React.MouseEvent<HTMLButtonElement>) => {
    // Digests often sit in clickable table rows; copying must not also open the row.
    event.stopPropagation();
    const ok = await copyToClipboard(value);
    if (ok) toast.success(`${label} copied`, { description: <span className="font-mono break-all">{value}</span> });
    else toast.error(`Could not copy the ${label.toLowerCase()}`, { description: "Select it from the tooltip instead." });
  };

  return (
    <Tooltip>
      <TooltipTrigger asChild>
        {copyable ? (
          <button
            type="button"
            data-slot="digest"
            onClick={(event) => void onCopy(event)}
            aria-label={`${label} ${short}, copy full value`}
            className={cn(classes, "rounded-sm px-0.5 -mx-0.5 hover:bg-accent hover:text-accent-foreground")}
          >
            {short}
          </button>
        ) : (
          // Not interactive: a tabIndex makes the tooltip (and so the full value) reachable by keyboard.
          <span data-slot="digest" tabIndex={0} className={classes}>
            {short}
          </span>
        )}
      </TooltipTrigger>
      <TooltipContent className="max-w-none font-mono select-all">
        {value}
        {copyable ? <span className="ml-2 font-sans text-background/70">click to copy</span> : null}
      </TooltipContent>
    </Tooltip>
  );
}
