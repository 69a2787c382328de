"use client";

import type * as React from "react";
import { Check, Keyboard, LogOut } from "lucide-react";

import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuShortcut,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

import type { AppShellAccount, AppShellUser } from "./app-shell";
import { ThemeRadioItems } from "./theme-toggle";

/*
 * The sidebar's menus. The AppShell loads this module when the pointer or focus reaches a menu's button and renders
 * the menu open (DeferredMenu; docs/ui.md, First paint): `trigger` is the AppShell's button.
 */

export function AccountMenu({
  trigger,
  accounts,
  activeAccountSlug,
  onSwitchAccount,
}: {
  trigger: React.ReactElement;
  accounts: AppShellAccount[];
  activeAccountSlug: string;
  onSwitchAccount: (slug: string) => void;
}) {
  return (
    <DropdownMenu defaultOpen>
      <DropdownMenuTrigger asChild>{trigger}</DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-64">
        <DropdownMenuLabel>Accounts</DropdownMenuLabel>
        {accounts.length === 0 ? (
          <DropdownMenuItem disabled>You are not a member of any account</DropdownMenuItem>
        ) : (
          accounts.map((account) => {
            const isActive = account.slug === activeAccountSlug;
            return (
              <DropdownMenuItem
                key={account.slug}
                onSelect={() => {
                  if (!isActive) onSwitchAccount(account.slug);
                }}
                aria-current={isActive ? "true" : undefined}
              >
                <span className="grid min-w-0 flex-1 leading-tight">
                  <span className="truncate text-foreground">{account.name}</span>
                  <span className="truncate font-mono text-xs text-muted-foreground">{account.slug}</span>
                </span>
                <Badge variant="outline" className="capitalize">
                  {account.role}
                </Badge>
                <Check
                  aria-hidden="true"
                  className={cn("size-4 text-foreground", isActive ? "opacity-100" : "opacity-0")}
                />
              </DropdownMenuItem>
            );
          })
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

export function UserMenu({
  trigger,
  user,
  onSignOut,
  onShowShortcuts,
}: {
  trigger: React.ReactElement;
  user: AppShellUser;
  onSignOut: () => void;
  onShowShortcuts: () => void;
}) {
  return (
    <DropdownMenu defaultOpen>
      <DropdownMenuTrigger asChild>{trigger}</DropdownMenuTrigger>
      <DropdownMenuContent side="top" align="start" className="w-(--radix-dropdown-menu-trigger-width) min-w-52">
        <DropdownMenuLabel className="grid leading-tight font-normal">
          <span className="truncate text-sm font-medium text-foreground">{user.name}</span>
          <span className="truncate">{user.email}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuLabel>Theme</DropdownMenuLabel>
        <ThemeRadioItems />
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={onShowShortcuts}>
          <Keyboard aria-hidden="true" />
          Keyboard shortcuts
          <DropdownMenuShortcut>?</DropdownMenuShortcut>
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={onSignOut}>
          <LogOut aria-hidden="true" />
          Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
