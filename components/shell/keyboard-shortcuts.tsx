"use client";

import * as React from "react";
import { useRouter } from "next/navigation";


import { NAV_ITEMS } from "./nav";
import { guardedNavigate } from "./navigation-guard";

export interface ShortcutDescription {
  keys: string[];
  /** Keys pressed one after the other (`g` then `m`) rather than together. */
  sequence?: boolean;
  label: string;
}

export const SHORTCUT_GROUPS: { title: string; shortcuts: ShortcutDescription[] }[] = [
  {
    title: "General",
    shortcuts: [
      { keys: ["Ctrl/⌘", "K"], label: "Command palette: go to anything, run an action" },
      { keys: ["/"], label: "Focus the search box" },
      { keys: ["?"], label: "Show keyboard shortcuts" },
      { keys: ["Esc"], label: "Close a dialog or menu, clear the search box" },
    ],
  },
  {
    title: "Go to",
    shortcuts: NAV_ITEMS.map((item) => ({ keys: ["g", item.shortcut], sequence: true, label: item.label })),
  },
];

/** How long after `g` the second key of a sequence is accepted. */
const SEQUENCE_TIMEOUT_MS = 1500;

const NON_TEXT_INPUT_TYPES = new Set(["button", "checkbox", "color", "file", "image", "radio", "range", "reset", "submit"]);

/**
 * True when a key press belongs to what the user is typing or to a widget with its own keyboard model:
 * text inputs, textareas, selects, contenteditable, the Monaco editor, and open menus / listboxes.
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUT_TYPES.has(target.type);
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  return (
    target.closest(
      '.monaco-editor, [contenteditable=""], [contenteditable="true"], [role="textbox"], [role="combobox"], [role="searchbox"], [role="menu"], [role="menubar"], [role="listbox"], [role="grid"], [role="dialog"], [role="alertdialog"]',
    ) !== null
  );
}

function isVisible(element: HTMLElement): boolean {
  return element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden";
}

/** Focuses the page's search box (the first visible `[data-search-input]`); false if there is none. */
export function focusSearchInput(): boolean {
  const candidates = document.querySelectorAll<HTMLElement>("[data-search-input]");
  for (const element of candidates) {
    if (isVisible(element) && !(element as HTMLInputElement).disabled) {
      element.focus();
      if (element instanceof HTMLInputElement) element.select();
      return true;
    }
  }
  return false;
}

export interface KeyboardShortcutsOptions {
  /** `?` (the AppShell's user menu also opens the sheet). */
  onShowHelp: () => void;
  /** Ctrl/⌘+K. */
  onTogglePalette: () => void;
}

/**
 * Global shortcuts: `/` search, `g m|p|t|a|i|u|s` navigation, `?` help, Ctrl/⌘+K the command palette. Used once by
 * the AppShell. Keys typed into fields, the manifest editor, menus and dialogs are left alone, as are keys with
 * Ctrl/⌘/Alt (but Ctrl/⌘+K). Only the listener lives here: the help sheet and the palette are their own modules,
 * loaded when first opened (docs/ui.md, First paint).
 */
export function useKeyboardShortcuts({ onShowHelp, onTogglePalette }: KeyboardShortcutsOptions): void {
  const router = useRouter();
  // The latest callbacks without re-subscribing on every render.
  const handlers = React.useRef({ onShowHelp, onTogglePalette });
  React.useEffect(() => {
    handlers.current = { onShowHelp, onTogglePalette };
  });

  React.useEffect(() => {
    let pendingG = 0;

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || event.repeat) return;
      if (event.key.toLowerCase() === "k" && (event.metaKey || event.ctrlKey) && !event.altKey && !event.shiftKey) {
        pendingG = 0;
        // Monaco binds Ctrl/⌘+K chords of its own (comment, fold); leave the editor its keys.
        if (event.target instanceof Element && event.target.closest(".monaco-editor")) return;
        event.preventDefault();
        handlers.current.onTogglePalette();
        return;
      }
      if (event.metaKey || event.ctrlKey || event.altKey) {
        pendingG = 0;
        return;
      }
      if (isTypingTarget(event.target)) return;

      const key = event.key;
      if (pendingG && event.timeStamp - pendingG <= SEQUENCE_TIMEOUT_MS) {
        pendingG = 0;
        const item = NAV_ITEMS.find((candidate) => candidate.shortcut === key);
        if (item) {
          event.preventDefault();
          guardedNavigate(item.href, () => router.push(item.href));
          return;
        }
      }
      pendingG = 0;

      if (key === "/") {
        if (focusSearchInput()) event.preventDefault();
      } else if (key === "?") {
        event.preventDefault();
        handlers.current.onShowHelp();
      } else if (key === "g") {
        pendingG = event.timeStamp;
      }
    };

    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [router]);
}
