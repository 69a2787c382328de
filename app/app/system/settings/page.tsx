import type { Metadata } from "next";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <div className="space-y-4">
      <PageHeader title="Settings" description="Members and roles, API tokens for CI, agents and scripts, the approval policy, the signing trust policy and the background jobs." />
      <SettingsTabs />
    </div>
  );
}
