"use client";

// The board's public link: made on request and shown once (only its hash is
// kept), copied from here; a new link replaces the old one; revoking makes it a 404.
import { useState } from "react";
import { useRunner } from "./useRunner";
import { Button } from "@/components/ui/Button";
import { CopyField } from "@/components/ui/CopyButton";
import { boardsApi } from "./request";

export function ShareBoard({ projectId, boardId, shared, onChange }: { projectId: string; boardId: string; shared: boolean; onChange: (shared: boolean) => void }) {
  const [url, setUrl] = useState<string | null>(null);
  const { busy, error, run } = useRunner();


  const share = () =>
    run(async () => {
      if (shared && !window.confirm("Make a new link? The current link stops working.")) return;
      const body = await boardsApi<{ url: string }>(projectId, `/${boardId}/share`, { method: "POST" });
      setUrl(body.url);
      onChange(true);
    });
  const revoke = () =>
    run(async () => {
      if (!window.confirm("Revoke the public link? Anyone who has it loses access.")) return;
      await boardsApi(projectId, `/${boardId}/share`, { method: "DELETE" });
      setUrl(null);
      onChange(false);
    });

  return (
    <section aria-label="Share" className="min-w-0 max-w-xl flex-1 space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <Button type="button" variant="secondary" onClick={share} disabled={busy}>
          {shared ? "New public link" : "Share"}
        </Button>
        {shared ? (
          <Button type="button" variant="ghost" onClick={revoke} disabled={busy}>
            Revoke link
          </Button>
        ) : null}
        <span className="text-xs text-slate-500">{shared ? "Anyone with the link can view this board (read-only)." : "Not shared."}</span>
      </div>
      {url ? (
        <div className="space-y-1">
          <CopyField value={url} label="Public link" />
          <p className="text-xs text-slate-500">
            Shown once: copy it now. Add <code>?tv=1</code> for TV mode (full screen, refreshes every minute).
          </p>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </section>
  );
}
