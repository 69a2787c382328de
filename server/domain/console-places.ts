/**
 * Places in the console that messages and hints send people to. A hint names a place through this table, never
 * as free text, so `console-places.unit.test.ts` can check that each one exists (the tab, the button) in the
 * components that draw it: a hint that points nowhere is worse than none.
 */
export interface ConsolePlace {
  /** How a sentence names it: "the module page (Overview → Edit)". */
  text: string;
  /** The component file and the visible labels, in order, that must exist there for the place to exist. */
  checks: ReadonlyArray<{ file: string; label: string }>;
}

export const CONSOLE_PLACES = {
  moduleRegistration: {
    text: "the module page (Overview → Edit)",
    checks: [
      { file: "components/modules/module-tabs.tsx", label: "Overview" },
      { file: "components/modules/overview.tsx", label: "Edit" },
    ],
  },
  approvalPolicy: {
    text: "Settings → Approval policy",
    checks: [{ file: "components/settings/settings-tabs.tsx", label: "Approval policy" }],
  },
  signing: {
    text: "Settings → Signing",
    checks: [{ file: "components/settings/settings-tabs.tsx", label: "Signing" }],
  },
} as const satisfies Record<string, ConsolePlace>;
