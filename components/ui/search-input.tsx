"use client";

import * as React from "react";
import { Search, X } from "lucide-react";

import { cn } from "./cn";
import { Input } from "./input";
import { Kbd } from "./kbd";

export type SearchInputProps = Omit<React.ComponentProps<"input">, "type" | "value" | "defaultValue"> & {
  value?: string;
  defaultValue?: string;
  /** Called with the text: after `debounceMs` of quiet typing, or immediately on clear / Enter. */
  onValueChange?: (value: string) => void;
  /** Delay for `onValueChange` while typing (default 250 ms; 0 = every keystroke). */
  debounceMs?: number;
  /** Show the `/` hint and respond to the global `/` shortcut (default true). One per page should have it. */
  shortcut?: boolean;
  containerClassName?: string;
};

/**
 * Search box for list pages. Marked `data-search-input` so the global `/` shortcut focuses it. Escape clears it
 * (or leaves it when empty). Keep the query in the URL: pass `defaultValue` from searchParams and update the URL
 * in `onValueChange`.
 */
export function SearchInput({
  value,
  defaultValue,
  onValueChange,
  debounceMs = 250,
  shortcut = true,
  placeholder = "Search…",
  className,
  containerClassName,
  onChange,
  onKeyDown,
  ref,
  ...props
}: SearchInputProps) {
  const [text, setText] = React.useState(value ?? defaultValue ?? "");
  const inputRef = React.useRef<HTMLInputElement | null>(null);
  const setRefs = React.useCallback(
    (node: HTMLInputElement | null) => {
      inputRef.current = node;
      if (typeof ref === "function") ref(node);
      else if (ref) ref.current = node;
    },
    [ref],
  );
  const timer = React.useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onValueChangeRef = React.useRef(onValueChange);
  React.useEffect(() => {
    onValueChangeRef.current = onValueChange;
  }, [onValueChange]);

  // A controlled value that changes from outside (back/forward navigation) replaces what is typed.
  const [lastValue, setLastValue] = React.useState(value);
  if (value !== lastValue) {
    setLastValue(value);
    if (value !== undefined) setText(value);
  }

  React.useEffect(() => () => clearTimeout(timer.current), []);

  const emit = (next: string, immediate: boolean) => {
    clearTimeout(timer.current);
    if (immediate || debounceMs <= 0) onValueChangeRef.current?.(next);
    else timer.current = setTimeout(() => onValueChangeRef.current?.(next), debounceMs);
  };

  const clear = () => {
    setText("");
    emit("", true);
    inputRef.current?.focus();
  };

  return (
    <div data-slot="search-input" className={cn("relative w-full max-w-xs", containerClassName)}>
      <Search
        aria-hidden="true"
        className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
      />
      <Input
        {...props}
        ref={setRefs}
        type="search"
        aria-label={props["aria-label"] ?? (typeof placeholder === "string" ? placeholder.replace(/…$/, "") : "Search")}
        aria-keyshortcuts={shortcut ? "/" : undefined}
        data-search-input={shortcut ? "" : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        value={text}
        className={cn("peer pr-8 pl-8", className)}
        onChange={(event) => {
          setText(event.target.value);
          emit(event.target.value, false);
          onChange?.(event);
        }}
        onKeyDown={(event) => {
          onKeyDown?.(event);
          if (event.defaultPrevented) return;
          if (event.key === "Escape") {
            if (text) {
              event.preventDefault();
              clear();
            } else {
              event.currentTarget.blur();
            }
          } else if (event.key === "Enter") {
            emit(text, true);
          }
        }}
      />
      {text ? (
        <button
          type="button"
          onClick={clear}
          aria-label="Clear search"
          className="absolute top-1/2 right-1.5 flex size-5 -translate-y-1/2 items-center justify-center rounded-sm text-muted-foreground hover:text-foreground"
        >
          <X aria-hidden="true" className="size-3.5" />
        </button>
      ) : shortcut ? (
        <Kbd className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 peer-focus:hidden">/</Kbd>
      ) : null}
    </div>
  );
}
