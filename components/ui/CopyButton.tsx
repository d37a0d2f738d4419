"use client";

import { useState } from "react";
import { buttonClass } from "./Button";

/** Copies `value` to the clipboard and says so for two seconds. */
export function CopyButton({ value, label = "Copy", className = "" }: { value: string; label?: string; className?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2000);
  }
  return (
    <button type="button" onClick={copy} className={buttonClass("secondary", `shrink-0 px-2.5 py-1.5 text-xs ${className}`)} aria-live="polite">
      {state === "copied" ? "Copied" : state === "failed" ? "Select and copy" : label}
    </button>
  );
}

/**
 * A read-only value (a key, a snippet) with a copy button. Long lines wrap
 * (anywhere, keys and URLs have no spaces) instead of clipping: on a phone a
 * clipped curl line hides the very key it is there to show.
 */
export function CopyField({ value, label, multiline = false }: { value: string; label: string; multiline?: boolean }) {
  return (
    <div className="flex items-start gap-2">
      {multiline ? (
        <pre aria-label={label} className="min-w-0 flex-1 rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap text-slate-100 [overflow-wrap:anywhere]">
          {value}
        </pre>
      ) : (
        <code aria-label={label} className="min-w-0 flex-1 rounded-md bg-slate-100 px-3 py-2 font-mono text-sm text-slate-800 [overflow-wrap:anywhere]">
          {value}
        </code>
      )}
      <CopyButton value={value} label={`Copy`} />
    </div>
  );
}
