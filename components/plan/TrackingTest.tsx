"use client";

import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { CopyField } from "@/components/ui/CopyButton";
import { inputClass } from "@/components/ui/Field";
import { TrackingChecklist, type ChecklistAudience, type ChecklistStep } from "./TrackingChecklist";

type Mode = "browser" | "distinctId";

/** A token the SDK accepts (letters, digits, "-"), random enough that no one else's browser sends it. */
function newToken(): string {
  return crypto.randomUUID();
}

/** The tracked site's address with the test parameter the snippet reads; null until it is a web address. */
export function testLink(site: string, token: string): string | null {
  try {
    const url = new URL(/^https?:\/\//i.test(site.trim()) ? site.trim() : `https://${site.trim()}`);
    url.searchParams.set("crumbtrail_test", token);
    return url.toString();
  } catch {
    return null;
  }
}

/**
 * Test mode: choose whose events count (your own browser, through a link that
 * tags its events, or one distinct id), start, and watch the steps tick.
 */
export function TrackingTest({ projectId, steps }: { projectId: string; steps: ChecklistStep[] }) {
  const [mode, setMode] = useState<Mode>("browser");
  const [token] = useState(newToken);
  const [site, setSite] = useState("");
  const [distinctId, setDistinctId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [run, setRun] = useState<{ since: number; audience: ChecklistAudience; key: number } | null>(null);
  const link = site.trim() ? testLink(site, token) : null;

  function start() {
    if (mode === "distinctId" && !distinctId.trim()) {
      setError("Type the distinct id (user id or anonymous id) you will send events as.");
      return;
    }
    setError(null);
    const audience: ChecklistAudience = mode === "browser" ? { testSession: token } : { distinctId: distinctId.trim() };
    // A few seconds back: this browser's clock may run a little ahead of the server's.
    setRun({ since: Date.now() - 5000, audience, key: (run?.key ?? 0) + 1 });
  }

  return (
    <div className="space-y-5">
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800">Whose events tick the steps</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name="test-mode" checked={mode === "browser"} onChange={() => setMode("browser")} /> Events from my browser
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="test-mode" checked={mode === "distinctId"} onChange={() => setMode("distinctId")} /> One distinct id
          </label>
        </div>
        {mode === "browser" ? (
          <div className="space-y-2">
            <label htmlFor="test-site" className="block text-sm font-medium text-slate-800">
              Your site&apos;s address
            </label>
            <input id="test-site" className={inputClass} placeholder="https://www.example.com/" value={site} onChange={(e) => setSite(e.target.value)} />
            <p className="text-xs text-slate-500">
              Open this link in your browser: the snippet tags every event that tab sends with your test token, for as long as the tab is open.
            </p>
            {link ? <CopyField label="Test link" value={link} /> : <CopyField label="Test parameter" value={`?crumbtrail_test=${token}`} />}
          </div>
        ) : (
          <div className="space-y-1.5">
            <label htmlFor="test-distinct-id" className="block text-sm font-medium text-slate-800">
              Distinct id
            </label>
            <input
              id="test-distinct-id"
              className={inputClass}
              placeholder="user-42"
              maxLength={200}
              value={distinctId}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "test-error" : undefined}
              onChange={(e) => setDistinctId(e.target.value)}
            />
            <p className="text-xs text-slate-500">The user id or anonymous id your test sends as; events of the same person under other ids count too.</p>
          </div>
        )}
        {error ? (
          <p id="test-error" className="text-sm text-red-700" role="alert">
            {error}
          </p>
        ) : null}
        <Button onClick={start}>{run ? "Restart test" : "Start test"}</Button>
      </fieldset>
      {run ? (
        <TrackingChecklist key={run.key} projectId={projectId} steps={steps} audience={run.audience} since={run.since} title="Steps" />
      ) : (
        <p className="rounded-md bg-slate-50 px-4 py-6 text-center text-sm text-slate-600">Start the test, then perform the steps: each one ticks as its event arrives.</p>
      )}
    </div>
  );
}
