"use client";

import * as React from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { ChevronsUpDown, Keyboard, Menu, Moon, Search, Sun } from "lucide-react";

import { Button } from "@/components/ui/button";
import { Kbd } from "@/components/ui/kbd";
import { cn } from "@/components/ui/cn";
import { DeferredMenu } from "@/components/ui/deferred-menu";
import { SimpleTooltip, TooltipProvider } from "@/components/ui/tooltip";

import { BreadcrumbLabelsProvider, useBreadcrumbLabels } from "./breadcrumb-labels";
import { useKeyboardShortcuts } from "./keyboard-shortcuts";
import { NAV_ITEMS, activeNavItem, type NavItem } from "./nav";

// The overlays and menus load when first opened, or when the pointer or focus reaches what opens them: no page paints
// them open, so their code (dialog, menu and popper primitives) stays out of every route's first load (docs/ui.md,
// First paint).
const loadCommandPalette = () => import("./command-palette");
const loadShortcutsSheet = () => import("./shortcuts-sheet");
const loadMobileNavDrawer = () => import("./mobile-nav-drawer");
const loadShellMenus = () => import("./shell-menus");
const loadThemeMenu = () => import("./theme-toggle");
const CommandPalette = React.lazy(loadCommandPalette);
const ShortcutsSheet = React.lazy(loadShortcutsSheet);
const MobileNavDrawer = React.lazy(loadMobileNavDrawer);
const AccountMenu = React.lazy(() => loadShellMenus().then((module) => ({ default: module.AccountMenu })));
const UserMenu = React.lazy(() => loadShellMenus().then((module) => ({ default: module.UserMenu })));
const ThemeMenu = React.lazy(() => loadThemeMenu().then((module) => ({ default: module.ThemeMenu })));
const preload = (load: () => Promise<unknown>) => () => void load();

/**
 * Renders a lazy overlay from the first time `open` is true, and keeps it mounted after that so it can animate
 * closed; nothing (not even its code) before.
 */
function OpenedOnce({ open, children }: { open: boolean; children: React.ReactNode }) {
  const [opened, setOpened] = React.useState(open);
  if (open && !opened) setOpened(true);
  return opened ? <React.Suspense fallback={null}>{children}</React.Suspense> : null;
}

export interface AppShellUser {
  name: string;
  email: string;
}

export interface AppShellAccount {
  slug: string;
  name: string;
  /** viewer | author | operator | approver | admin */
  role: string;
}

export interface AppShellProps {
  user: AppShellUser;
  /** Accounts the user is a member of, with their role in each. */
  accounts: AppShellAccount[];
  activeAccountSlug: string;
  /** Called with the chosen account's slug (not called for the active one). */
  onSwitchAccount: (slug: string) => void;
  onSignOut: () => void;
  /** Counters next to nav items; `approvals` = pending requests the user can act on (hidden when 0). */
  badges?: { approvals?: number };
  /** Replaces the breadcrumb that the top bar derives from the URL. */
  title?: React.ReactNode;
  /** Extra controls at the right of the top bar, before the help and theme buttons. */
  topBarActions?: React.ReactNode;
  children: React.ReactNode;
}

/**
 * The console frame: sidebar (account switcher, sections, user menu), sticky top bar (breadcrumb, help, theme),
 * skip link, global keyboard shortcuts. Receives plain props; the caller fetches data and performs the
 * account switch / sign-out (e.g. with tRPC mutations) in the callbacks.
 */
export function AppShell({
  user,
  accounts,
  activeAccountSlug,
  onSwitchAccount,
  onSignOut,
  badges,
  title,
  topBarActions,
  children,
}: AppShellProps) {
  const pathname = usePathname();
  const [mobileNavOpen, setMobileNavOpen] = React.useState(false);
  const mobileNavButton = React.useRef<HTMLButtonElement>(null);
  const [helpOpen, setHelpOpen] = React.useState(false);
  const [paletteOpen, setPaletteOpen] = React.useState(false);
  useKeyboardShortcuts({ onShowHelp: () => setHelpOpen(true), onTogglePalette: () => setPaletteOpen((open) => !open) });

  // Navigating from the drawer closes it.
  const [lastPathname, setLastPathname] = React.useState(pathname);
  if (pathname !== lastPathname) {
    setLastPathname(pathname);
    if (mobileNavOpen) setMobileNavOpen(false);
  }

  const renderSidebar = (headerEnd?: React.ReactNode) => (
    <SidebarContent
      pathname={pathname}
      user={user}
      accounts={accounts}
      activeAccountSlug={activeAccountSlug}
      onSwitchAccount={onSwitchAccount}
      onSignOut={onSignOut}
      badges={badges}
      onShowShortcuts={() => setHelpOpen(true)}
      headerEnd={headerEnd}
    />
  );

  return (
    <TooltipProvider>
      <BreadcrumbLabelsProvider>
      <div data-slot="app-shell" className="min-h-dvh">
        <a
          href="#main-content"
          className={cn(
            "sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-100 focus:rounded-md",
            "focus:bg-background focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:shadow-md",
          )}
        >
          Skip to content
        </a>

        <aside
          aria-label="Sidebar"
          className="fixed inset-y-0 left-0 z-40 hidden w-56 flex-col border-r border-sidebar-border bg-sidebar text-sidebar-foreground md:flex"
        >
          {renderSidebar()}
        </aside>

        <OpenedOnce open={mobileNavOpen}>
          <MobileNavDrawer open={mobileNavOpen} onOpenChange={setMobileNavOpen} openButton={mobileNavButton}>
            {renderSidebar}
          </MobileNavDrawer>
        </OpenedOnce>

        {/* --sticky-offset: sticky table headers stop under the top bar instead of behind it. */}
        <div className="flex min-h-dvh min-w-0 flex-col [--sticky-offset:var(--topbar-height)] md:pl-56">
          <header
            className={cn(
              "sticky top-0 z-30 flex h-(--topbar-height) shrink-0 items-center gap-2 border-b px-3 md:px-6",
              "bg-background",
            )}
          >
            <Button
              variant="ghost"
              size="icon"
              className="-ml-1 md:hidden"
              aria-label="Open navigation"
              ref={mobileNavButton}
              aria-expanded={mobileNavOpen}
              onClick={() => setMobileNavOpen(true)}
              onPointerEnter={preload(loadMobileNavDrawer)}
            >
              <Menu aria-hidden="true" />
            </Button>
            <div className="min-w-0 flex-1">{title ?? <Breadcrumbs pathname={pathname} />}</div>
            <div className="flex shrink-0 items-center gap-1">
              {topBarActions}
              <Button variant="outline" size="sm" className="hidden gap-2 text-muted-foreground sm:inline-flex" onClick={() => setPaletteOpen(true)} onPointerEnter={preload(loadCommandPalette)} onFocus={preload(loadCommandPalette)} data-testid="open-command-palette">
                <Search aria-hidden="true" />
                Go to…
                <Kbd className="ml-1">Ctrl K</Kbd>
              </Button>
              <SimpleTooltip content="Keyboard shortcuts (?)">
                <Button variant="ghost" size="icon" aria-label="Keyboard shortcuts" onClick={() => setHelpOpen(true)} onPointerEnter={preload(loadShortcutsSheet)} onFocus={preload(loadShortcutsSheet)}>
                  <Keyboard aria-hidden="true" />
                </Button>
              </SimpleTooltip>
              <ThemeMenuButton />
            </div>
          </header>

          <main id="main-content" tabIndex={-1} className="min-w-0 flex-1 px-3 py-4 outline-none md:px-6 md:py-5">
            {children}
          </main>
        </div>

        <OpenedOnce open={helpOpen}>
          <ShortcutsSheet open={helpOpen} onOpenChange={setHelpOpen} />
        </OpenedOnce>
        <OpenedOnce open={paletteOpen}>
          <CommandPalette open={paletteOpen} onOpenChange={setPaletteOpen} />
        </OpenedOnce>
      </div>
      </BreadcrumbLabelsProvider>
    </TooltipProvider>
  );
}

interface SidebarContentProps {
  pathname: string;
  user: AppShellUser;
  accounts: AppShellAccount[];
  activeAccountSlug: string;
  onSwitchAccount: (slug: string) => void;
  onSignOut: () => void;
  badges: AppShellProps["badges"];
  onShowShortcuts: () => void;
  /** Rendered after the account switcher (the mobile drawer's close button). */
  headerEnd?: React.ReactNode;
}

function SidebarContent({
  pathname,
  user,
  accounts,
  activeAccountSlug,
  onSwitchAccount,
  onSignOut,
  badges,
  onShowShortcuts,
  headerEnd,
}: SidebarContentProps) {
  const active = activeNavItem(pathname);
  return (
    <>
      <div className="flex h-(--topbar-height) shrink-0 items-center border-b border-sidebar-border px-2">
        <AccountSwitcher accounts={accounts} activeAccountSlug={activeAccountSlug} onSwitchAccount={onSwitchAccount} />
        {headerEnd}
      </div>
      <nav aria-label="Main" className="flex-1 overflow-y-auto px-2 py-3">
        <ul className="grid gap-0.5">
          {NAV_ITEMS.map((item) => (
            <li key={item.key}>
              <SidebarLink
                item={item}
                active={active?.key === item.key}
                count={item.key === "approvals" ? badges?.approvals : undefined}
              />
            </li>
          ))}
        </ul>
      </nav>
      <div className="shrink-0 border-t border-sidebar-border p-2">
        <UserMenuButton user={user} onSignOut={onSignOut} onShowShortcuts={onShowShortcuts} />
      </div>
    </>
  );
}

function SidebarLink({ item, active, count }: { item: NavItem; active: boolean; count: number | undefined }) {
  const Icon = item.icon;
  const showCount = count !== undefined && count > 0;
  return (
    <Link
      href={item.href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "flex h-8 items-center gap-2.5 rounded-md px-2 text-sm font-medium transition-colors",
        "hover:bg-sidebar-accent hover:text-foreground",
        active ? "bg-sidebar-accent text-foreground" : "text-sidebar-foreground",
      )}
    >
      <Icon aria-hidden="true" className={cn("size-4 shrink-0", active ? "text-foreground" : "text-muted-foreground")} />
      <span className="flex-1 truncate">{item.label}</span>
      {showCount ? (
        <>
          <span
            aria-hidden="true"
            className="min-w-5 rounded-full bg-primary px-1.5 text-center text-[11px] leading-5 font-semibold text-primary-foreground tabular-nums"
          >
            {count > 99 ? "99+" : count}
          </span>
          <span className="sr-only">, {count} pending</span>
        </>
      ) : null}
    </Link>
  );
}

function AccountSwitcher({
  accounts,
  activeAccountSlug,
  onSwitchAccount,
}: {
  accounts: AppShellAccount[];
  activeAccountSlug: string;
  onSwitchAccount: (slug: string) => void;
}) {
  const current = accounts.find((account) => account.slug === activeAccountSlug);
  const trigger = (
    <button
      type="button"
      className="flex h-9 w-full min-w-0 items-center gap-2 rounded-md px-1.5 text-left hover:bg-sidebar-accent data-[state=open]:bg-sidebar-accent"
    >
      <span
        aria-hidden="true"
        className="flex size-6 shrink-0 items-center justify-center rounded-md bg-primary text-xs font-bold text-primary-foreground"
      >
        S
      </span>
      <span className="grid min-w-0 flex-1 leading-tight">
        <span className="truncate text-sm font-semibold text-foreground">{current?.name ?? "Strata"}</span>
        <span className="truncate text-xs text-muted-foreground">
          {current ? (
            <>
              <span className="font-mono">{current.slug}</span> · {current.role}
            </>
          ) : (
            activeAccountSlug || "No account"
          )}
        </span>
      </span>
      {/* The name is the visible text plus this (docs/ui.md, Accessibility): speech users say what they see. */}
      <span className="sr-only">, switch account</span>
      <ChevronsUpDown aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
    </button>
  );
  return (
    <DeferredMenu
      trigger={trigger}
      preload={preload(loadShellMenus)}
      menu={<AccountMenu trigger={trigger} accounts={accounts} activeAccountSlug={activeAccountSlug} onSwitchAccount={onSwitchAccount} />}
    />
  );
}

function initials(user: AppShellUser): string {
  const words = user.name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length >= 2 ? `${words[0]?.[0] ?? ""}${words[words.length - 1]?.[0] ?? ""}` : (words[0] ?? user.email).slice(0, 2);
  return letters.toUpperCase() || "?";
}

function UserMenuButton({
  user,
  onSignOut,
  onShowShortcuts,
}: {
  user: AppShellUser;
  onSignOut: () => void;
  onShowShortcuts: () => void;
}) {
  const trigger = (
    <button
      type="button"
      className="flex h-10 w-full min-w-0 items-center gap-2 rounded-md px-1.5 text-left hover:bg-sidebar-accent data-[state=open]:bg-sidebar-accent"
    >
      <span
        aria-hidden="true"
        className="flex size-7 shrink-0 items-center justify-center rounded-full bg-muted text-xs font-semibold text-foreground ring-1 ring-border"
      >
        {initials(user)}
      </span>
      <span className="grid min-w-0 flex-1 leading-tight">
        <span className="truncate text-sm font-medium text-foreground">{user.name}</span>
        <span className="truncate text-xs text-muted-foreground">{user.email}</span>
      </span>
      <span className="sr-only">, user menu</span>
      <ChevronsUpDown aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
    </button>
  );
  return (
    <DeferredMenu
      trigger={trigger}
      preload={preload(loadShellMenus)}
      menu={<UserMenu trigger={trigger} user={user} onSignOut={onSignOut} onShowShortcuts={onShowShortcuts} />}
    />
  );
}

function ThemeMenuButton() {
  // The icon is chosen by CSS (the `dark` class), not by JS, so the server render and the first client render agree.
  const trigger = (
    <Button variant="ghost" size="icon" aria-label="Change theme">
    <Sun aria-hidden="true" className="dark:hidden" />
    <Moon aria-hidden="true" className="hidden dark:block" />
    </Button>
  );
  return <DeferredMenu trigger={trigger} preload={preload(loadThemeMenu)} menu={<ThemeMenu trigger={trigger} />} />;
}

// Path segments after a section that are pages, not names (`/modules/new`, `/settings/tokens`).
const ENTITY_SECTIONS = new Set(["modules", "templates", "instances", "approvals"]);
const PAGE_WORDS = new Set(["new", "edit"]);
const OPAQUE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function humanize(segment: string): string {
  const words = segment.replace(/[-_]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `/app/system/modules/nginx/versions` → Modules / nginx / Versions (all but the last are links). */
function Breadcrumbs({ pathname }: { pathname: string }) {
  const named = useBreadcrumbLabels();
  const section = activeNavItem(pathname);
  if (!section) return null;
  const rest = pathname
    .slice(section.href.length)
    .split("/")
    .filter(Boolean)
    .map(safeDecode);
  const crumbs: { label: string; href: string; mono: boolean }[] = [
    { label: section.label, href: section.href, mono: false },
  ];
  let href = section.href;
  rest.forEach((segment, index) => {
    href = `${href}/${encodeURIComponent(segment)}`;
    const isName = index === 0 && ENTITY_SECTIONS.has(section.key) && !PAGE_WORDS.has(segment);
    // A page may name an opaque segment (an instance's or template's id): useBreadcrumbLabel.
    // An id nobody has named yet (the page is still loading it) reads as "…", never as a UUID.
    const label = named[segment] ?? (OPAQUE_ID.test(segment) ? "…" : isName ? segment : humanize(segment));
    crumbs.push({ label, href, mono: isName });
  });
  return (
    <nav aria-label="Breadcrumb">
      <ol className="flex min-w-0 items-center gap-1.5 text-sm">
        {crumbs.map((crumb, index) => {
          const last = index === crumbs.length - 1;
          return (
            <li key={crumb.href} className="flex min-w-0 items-center gap-1.5">
              {index > 0 ? (
                <span aria-hidden="true" className="text-muted-foreground/60">
                  /
                </span>
              ) : null}
              {last ? (
                <span aria-current="page" className={cn("truncate font-medium", crumb.mono && "font-mono text-[13px]")}>
                  {crumb.label}
                </span>
              ) : (
                <Link
                  href={crumb.href}
                  className={cn(
                    "truncate rounded-sm text-muted-foreground hover:text-foreground",
                    crumb.mono && "font-mono text-[13px]",
                  )}
                >
                  {crumb.label}
                </Link>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
