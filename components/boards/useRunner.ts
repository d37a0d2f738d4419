"use client";
// One request at a time from a boards control: `busy` while it runs, its
// failure as a sentence in `error` (the API's message when it gave one).
import { useState } from "react";

export function useRunner() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(work: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : "That did not work.");
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}
