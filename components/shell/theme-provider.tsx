"use client";

import { ThemeProvider as NextThemesProvider, type ThemeProviderProps } from "next-themes";

/**
 * Light / dark / system theme. next-themes sets the `dark` class on <html> before first paint (an inline script),
 * so the root layout's <html> needs `suppressHydrationWarning`. Theme choice persists in localStorage.
 */
export function ThemeProvider({ children, ...props }: ThemeProviderProps) {
  return (
    <NextThemesProvider
      attribute="class"
      defaultTheme="system"
      enableSystem
      disableTransitionOnChange
      storageKey="strata-theme"
      {...props}
    >
      {children}
    </NextThemesProvider>
  );
}
