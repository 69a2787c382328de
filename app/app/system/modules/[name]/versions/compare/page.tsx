import type { Metadata } from "next";
import { VersionCompare } from "@/components/modules/version-compare";
import { pageTitle } from "@/components/shell/page-title";

interface Props {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ from?: string | string[]; to?: string | string[] }>;
}

const one = (value: string | string[] | undefined) => (typeof value === "string" && value ? value : undefined);

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const name = decodeURIComponent((await params).name);
  const { from, to } = await searchParams;
  return { title: pageTitle(name, one(from) && one(to) ? `${one(from)} → ${one(to)}` : undefined, "Compare versions") };
}

/** Two versions of a module compared, addressable by URL: `…/versions/compare?from=1.1.0&to=1.2.0`. */
export default async function CompareVersionsPage({ params, searchParams }: Props) {
  const name = decodeURIComponent((await params).name);
  const { from, to } = await searchParams;
  return (
    <div className="space-y-4">
      <h2 className="text-base font-semibold">
        Compare versions of <span className="font-mono">{name}</span>
      </h2>
      <VersionCompare moduleName={name} from={one(from)} to={one(to)} />
    </div>
  );
}
