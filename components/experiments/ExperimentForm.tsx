"use client";

// Creating or changing an experiment (API.md 6): variants and weights, the
// exposure event, metrics, dates and status, sent to the experiments API as
// JSON. The server validates; its first complaint is shown above the button.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { inputClass, SelectField, TextField } from "@/components/ui/Field";
import { Notice } from "@/components/ui/Notice";
import type { Experiment } from "@/lib/experiments";
import { SampleSizeCalculator } from "./SampleSizeCalculator";

type MetricKind = "conversion" | "mean" | "count";
interface VariantDraft {
  key: string;
  weight: string;
}
interface MetricDraft {
  kind: MetricKind;
  event: string;
  property: string;
  /** Conversion window in days; empty: until the end. */
  windowDays: string;
}

const DAY_SECONDS = 86_400;

/** A Date as the value of a datetime-local input, in the browser's zone. */
function localInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function metricDrafts(experiment: Experiment | null): MetricDraft[] {
  if (!experiment) return [{ kind: "conversion", event: "", property: "", windowDays: "7" }];
  return experiment.metrics.map((m) => ({
    kind: m.kind,
    event: m.event,
    property: m.kind === "mean" ? m.property : "",
    windowDays: m.kind === "conversion" && m.windowSeconds !== undefined ? String(m.windowSeconds / DAY_SECONDS) : "",
  }));
}

function metricBody(m: MetricDraft): Record<string, unknown> {
  if (m.kind === "mean") return { kind: "mean", event: m.event, property: m.property };
  if (m.kind === "count") return { kind: "count", event: m.event };
  const days = m.windowDays.trim();
  return days ? { kind: "conversion", event: m.event, windowSeconds: Math.round(Number(days) * DAY_SECONDS) } : { kind: "conversion", event: m.event };
}

export function ExperimentForm({ projectId, experiment }: { projectId: string; experiment: Experiment | null }) {
  const router = useRouter();
  const [name, setName] = useState(experiment?.name ?? "");
  const [key, setKey] = useState(experiment?.key ?? "");
  const [hypothesis, setHypothesis] = useState(experiment?.hypothesis ?? "");
  const [variants, setVariants] = useState<VariantDraft[]>(
    experiment?.variants.map((v) => ({ key: v.key, weight: String(v.weight) })) ?? [
      { key: "control", weight: "50" },
      { key: "test", weight: "50" },
    ],
  );
  const [exposureEvent, setExposureEvent] = useState(experiment?.exposure.event ?? "$experiment_exposure");
  const [experimentProperty, setExperimentProperty] = useState(experiment?.exposure.experimentProperty ?? "experiment");
  const [variantProperty, setVariantProperty] = useState(experiment?.exposure.variantProperty ?? "variant");
  const [metrics, setMetrics] = useState<MetricDraft[]>(metricDrafts(experiment));
  const [start, setStart] = useState(localInput(experiment?.start ?? new Date().toISOString()));
  const [end, setEnd] = useState(localInput(experiment?.end ?? null));
  const [status, setStatus] = useState(experiment?.status ?? "draft");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const updateVariant = (index: number, change: Partial<VariantDraft>) => setVariants((list) => list.map((v, i) => (i === index ? { ...v, ...change } : v)));
  const updateMetric = (index: number, change: Partial<MetricDraft>) => setMetrics((list) => list.map((m, i) => (i === index ? { ...m, ...change } : m)));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    if (!start || Number.isNaN(Date.parse(start))) return setError("Choose when the experiment starts.");
    const body = {
      key,
      name,
      hypothesis,
      variants: variants.map((v) => ({ key: v.key, weight: Number(v.weight) })),
      exposure: { event: exposureEvent, experimentProperty, variantProperty },
      metrics: metrics.map(metricBody),
      start: new Date(start).toISOString(),
      end: end ? new Date(end).toISOString() : null,
      status,
    };
    setPending(true);
    try {
      const base = `/api/projects/${encodeURIComponent(projectId)}/experiments`;
      const response = await fetch(experiment ? `${base}/${encodeURIComponent(experiment.id)}` : base, {
        method: experiment ? "PATCH" : "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = (await response.json().catch(() => null)) as { experiment?: { id: string }; error?: { message: string } } | null;
      if (!response.ok || !answer?.experiment) {
        setError(answer?.error?.message ?? `The server answered ${response.status}.`);
        return;
      }
      router.push(`/projects/${projectId}/experiments/${answer.experiment.id}`);
      router.refresh();
    } catch {
      setError("The experiment could not be saved: the server did not answer.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-6" aria-label={experiment ? "Edit experiment" : "New experiment"}>
      <div className="space-y-4 rounded-xl bg-white p-5 ring-1 ring-slate-200">
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField id="exp-name" label="Name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} placeholder="One-page checkout" />
          <TextField
            id="exp-key"
            label="Key"
            required
            maxLength={64}
            pattern="[A-Za-z0-9][A-Za-z0-9_.\-]*"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            placeholder="new-checkout"
            hint="What crumbtrail.variant(key) and the exposure events name it by. Changing it reshuffles every assignment."
          />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="exp-hypothesis" className="block text-sm font-medium text-slate-800">
            Hypothesis
          </label>
          <textarea id="exp-hypothesis" rows={2} maxLength={2000} className={inputClass} value={hypothesis} onChange={(e) => setHypothesis(e.target.value)} placeholder="A shorter checkout makes more people buy." />
        </div>
      </div>

      <fieldset className="space-y-3 rounded-xl bg-white p-5 ring-1 ring-slate-200">
        <legend className="px-1 text-sm font-semibold text-slate-900">Variants (the first is the control)</legend>
        {variants.map((variant, index) => (
          <div key={index} className="flex flex-wrap items-end gap-3">
            <div className="min-w-40 flex-1">
              <TextField id={`variant-key-${index}`} label={`Variant ${index + 1} key`} required value={variant.key} onChange={(e) => updateVariant(index, { key: e.target.value })} />
            </div>
            <div className="w-28">
              <TextField id={`variant-weight-${index}`} label="Weight" type="number" min="0.01" step="any" required value={variant.weight} onChange={(e) => updateVariant(index, { weight: e.target.value })} />
            </div>
            <Button type="button" variant="ghost" disabled={variants.length <= 2} onClick={() => setVariants((list) => list.filter((_, i) => i !== index))} aria-label={`Remove variant ${index + 1}`}>
              Remove
            </Button>
          </div>
        ))}
        <Button type="button" variant="secondary" disabled={variants.length >= 10} onClick={() => setVariants((list) => [...list, { key: `variant-${list.length}`, weight: "50" }])}>
          Add a variant
        </Button>
      </fieldset>

      <fieldset className="space-y-3 rounded-xl bg-white p-5 ring-1 ring-slate-200">
        <legend className="px-1 text-sm font-semibold text-slate-900">Exposure</legend>
        <p className="text-sm text-slate-600">
          crumbtrail.variant(key) records $experiment_exposure for you. PostHog&apos;s $feature_flag_called and Mixpanel&apos;s $experiment_started count too.
        </p>
        <div className="grid gap-3 sm:grid-cols-3">
          <TextField id="exp-exposure-event" label="Exposure event" required value={exposureEvent} onChange={(e) => setExposureEvent(e.target.value)} />
          <TextField id="exp-exposure-experiment" label="Property naming the experiment" required value={experimentProperty} onChange={(e) => setExperimentProperty(e.target.value)} />
          <TextField id="exp-exposure-variant" label="Property naming the variant" required value={variantProperty} onChange={(e) => setVariantProperty(e.target.value)} />
        </div>
      </fieldset>

      <fieldset className="space-y-4 rounded-xl bg-white p-5 ring-1 ring-slate-200">
        <legend className="px-1 text-sm font-semibold text-slate-900">Metrics (the first is the primary one)</legend>
        {metrics.map((metric, index) => (
          <div key={index} className="grid gap-3 border-b border-slate-100 pb-4 last:border-0 sm:grid-cols-[10rem_1fr_1fr_auto] sm:items-end">
            <SelectField id={`metric-kind-${index}`} label={`Metric ${index + 1}`} value={metric.kind} onChange={(e) => updateMetric(index, { kind: e.target.value as MetricKind })}>
              <option value="conversion">Conversion</option>
              <option value="mean">Sum of a property per person</option>
              <option value="count">Events per person</option>
            </SelectField>
            <TextField id={`metric-event-${index}`} label="Event" required value={metric.event} onChange={(e) => updateMetric(index, { event: e.target.value })} placeholder="purchase" />
            {metric.kind === "mean" ? (
              <TextField id={`metric-property-${index}`} label="Numeric property" required value={metric.property} onChange={(e) => updateMetric(index, { property: e.target.value })} placeholder="revenue" />
            ) : metric.kind === "conversion" ? (
              <TextField id={`metric-window-${index}`} label="Within days of exposure" type="number" min="0.001" step="any" value={metric.windowDays} onChange={(e) => updateMetric(index, { windowDays: e.target.value })} hint="Empty: any time before the end." />
            ) : (
              <div />
            )}
            <Button type="button" variant="ghost" disabled={metrics.length <= 1} onClick={() => setMetrics((list) => list.filter((_, i) => i !== index))} aria-label={`Remove metric ${index + 1}`}>
              Remove
            </Button>
          </div>
        ))}
        <Button type="button" variant="secondary" disabled={metrics.length >= 20} onClick={() => setMetrics((list) => [...list, { kind: "count", event: "", property: "", windowDays: "" }])}>
          Add a metric
        </Button>
      </fieldset>

      <div className="grid gap-4 rounded-xl bg-white p-5 ring-1 ring-slate-200 sm:grid-cols-3">
        <TextField id="exp-start" label="Start" type="datetime-local" required value={start} onChange={(e) => setStart(e.target.value)} />
        <TextField id="exp-end" label="End (optional)" type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} hint="Empty: results read up to now." />
        <SelectField id="exp-status" label="Status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)} hint="Only a running experiment between start and end assigns variants.">
          <option value="draft">Draft</option>
          <option value="running">Running</option>
          <option value="stopped">Stopped</option>
        </SelectField>
      </div>

      <SampleSizeCalculator projectId={projectId} variantCount={variants.length} />

      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : experiment ? "Save changes" : "Create experiment"}
        </Button>
      </div>
    </form>
  );
}
