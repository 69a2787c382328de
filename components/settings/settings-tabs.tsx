"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { ApiTokens } from "./api-tokens";
import { Members } from "./members";
import { PolicySettings } from "./policy-settings";
import { SigningSettings } from "./signing-settings";
import { SystemStatus } from "./system-status";

const TABS = ["members", "tokens", "policy", "signing", "system"] as const;
type Tab = (typeof TABS)[number];

export function SettingsTabs() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const requested = params.get("tab");
  const tab: Tab = TABS.includes(requested as Tab) ? (requested as Tab) : "members";
  return (
    <Tabs value={tab} onValueChange={(value) => router.replace(`${pathname}?tab=${value}`, { scroll: false })}>
      <TabsList>
        <TabsTrigger value="members">Members</TabsTrigger>
        <TabsTrigger value="tokens">API tokens</TabsTrigger>
        <TabsTrigger value="policy">Approval policy</TabsTrigger>
        <TabsTrigger value="signing">Signing</TabsTrigger>
        <TabsTrigger value="system">System</TabsTrigger>
      </TabsList>
      <TabsContent value="members">
        <Members />
      </TabsContent>
      <TabsContent value="tokens">
        <ApiTokens />
      </TabsContent>
      <TabsContent value="policy">
        <PolicySettings />
      </TabsContent>
      <TabsContent value="signing">
        <SigningSettings />
      </TabsContent>
      <TabsContent value="system">
        <SystemStatus />
      </TabsContent>
    </Tabs>
  );
}
