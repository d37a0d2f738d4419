"use client";

// How many persons each variant needs, and how long that takes at a given
// traffic: asks GET .../experiments/sample-size (API.md 6) as the numbers change.
import { useEffect, useState } from "react";
import { TextField } from "@/components/ui/Field";

type Answer = { perVariant: number } | { error: string } | null;

export function SampleSizeCalculator({ projectId, variantCount }: { projectId: string; variantCount: number }) {
  const [baseline, setBaseline] = useState("10");
  const [mde, setMde] = useState("5");
  const [traffic, setTraffic] = useState("1000");
  const [answer, setAnswer] = useState<Answer>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      const query = new URLSearchParams({ baseline: String(Number(baseline) / 100), mde: String(Number(mde) / 100) });
      setLoading(true);
      try {
        const response = await fetch(`/api/projects/${encodeURIComponent(projectId)}/experiments/sample-size?${query}`, { signal: controller.signal });
        const body = (await response.json()) as { perVariant?: number; error?: { message: string } };
        setAnswer(response.ok && typeof body.perVariant === "number" ? { perVariant: body.perVariant } : { error: body.error?.message ?? "The calculation failed." });
      } catch (error) {
        if (!controller.signal.aborted) setAnswer({ error: "The calculation could not reach the server." });
      } finally {
        if (!controller.signal.aborted) setLoading(false);
      }
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [projectId, baseline, mde]);

  const perDay = Number(traffic);
  const days = answer && "perVariant" in answer && perDay > 0 ? Math.ceil((answer.perVariant * variantCount) / perDay) : null;

  return (
    <section aria-labelledby="sample-size-heading" className="space-y-3 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200">
      <h2 id="sample-size-heading" className="text-sm font-semibold text-slate-900">
        How long to run it
      </h2>
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField id="ss-baseline" label="Baseline conversion (%)" type="number" min="0.01" max="99.99" step="any" value={baseline} onChange={(e) => setBaseline(e.target.value)} />
        <TextField id="ss-mde" label="Smallest change worth finding (% of baseline)" type="number" min="0.1" step="any" value={mde} onChange={(e) => setMde(e.target.value)} />
        <TextField id="ss-traffic" label="Persons exposed per day" type="number" min="1" step="1" value={traffic} onChange={(e) => setTraffic(e.target.value)} />
      </div>
      <p className="text-sm text-slate-700" aria-live="polite" data-testid="sample-size">
        {answer === null || loading ? (
          "Calculating…"
        ) : "error" in answer ? (
          <span className="text-red-700">{answer.error}</span>
        ) : (
          <>
            <span className="font-semibold">{answer.perVariant.toLocaleString("en-US")} persons per variant</span> to notice a {mde}% relative change of a {baseline}%
            rate (α 0.05, power 0.8)
            {days !== null ? (
              <>
                : about <span className="font-semibold">{days.toLocaleString("en-US")} {days === 1 ? "day" : "days"}</span> at {perDay.toLocaleString("en-US")} persons a
                day across {variantCount} variants.
              </>
            ) : (
              "."
            )}
          </>
        )}
      </p>
    </section>
  );
}
