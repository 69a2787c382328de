"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { toastError, toastSuccess } from "@/components/ui/toast";

/**
 * "Download starter repo" (docs/authoring.md): the files `strata init` writes, with this module's registration
 * filled in — its OCI repository, the signer identity and issuer regexps it expects, this console's webhook. The zip
 * is built on the server by the same generator as the CLI and saved here without a page load.
 */
export function StarterDownload({ name }: { name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  async function download() {
    setBusy(true);
    try {
      const result = await queryClient.fetchQuery(trpc.modules.starterRepo.queryOptions({ name, strataUrl: window.location.origin }, { staleTime: 0 }));
      const bytes = Uint8Array.from(atob(result.zipBase64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: "application/zip" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = result.fileName;
      document.body.append(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(url);
      toastSuccess("Starter repository downloaded", `${result.fileName}: ${result.files.length} files.`);
    } catch (error) {
      toastError(error, "Could not build the starter repository");
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="space-y-2 rounded-lg border bg-card p-4" aria-labelledby="starter-heading">
      <h3 id="starter-heading" className="text-sm font-semibold">
        Starter repository
      </h3>
      <p className="text-xs text-muted-foreground">
        A module repository whose CI produces exactly what Strata ingests: <code className="font-mono">manifest.yaml</code> with every key,{" "}
        <code className="font-mono">rootfs/</code>, a Containerfile, and Gitea and GitHub workflows that build, push the OCI artifact, sign it keylessly
        with <code className="font-mono">cosign sign --new-bundle-format</code> and call this console&apos;s webhook. The repository and the signer
        regexps above are filled in. The same files come from <code className="font-mono">npx strata init {name}</code>; check a change before
        pushing with <code className="font-mono">npx strata dry-run</code>.
      </p>
      <Button size="sm" variant="outline" loading={busy} onClick={() => void download()}>
        <Download aria-hidden="true" /> Download starter repo
      </Button>
    </section>
  );
}
