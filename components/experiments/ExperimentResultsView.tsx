// The results of one experiment: a verdict per metric and variant, a table
// with the interval drawn around each lift, and the sample-ratio check with the
// first exposures per day that explain it.
import type { ExperimentResults, MetricResult } from "@/lib/experiments/analysis";
import type { Experiment } from "@/lib/experiments";
import { Notice } from "@/components/ui/Notice";
import { IntervalBar, intervalExtent } from "./IntervalBar";
import { MetricOverTimeChart } from "./MetricOverTimeChart";
import { formatAmount, formatChance, formatRelative, formatValue, metricLabel, unitOf, verdict } from "./verdict";

function pValueText(p: number | null | undefined): string {
  if (p === null || p === undefined) return "–";
  return p < 0.001 ? "<0.001" : p.toFixed(3);
}

function OverTime({ result, interval, label }: { result: MetricResult; interval: ExperimentResults["overTimeInterval"]; label: string }) {
  const last = result.overTime[result.overTime.length - 1];
  const anyone = last !== undefined && Object.values(last.variants).some((v) => v.exposures > 0);
  return (
    <div className="space-y-2 border-t border-slate-100 pt-3">
      <h3 className="text-sm font-medium text-slate-700">Over time</h3>
      {anyone ? (
        <MetricOverTimeChart
          metric={result.metric}
          variants={result.variants.map((v) => v.key)}
          points={result.overTime}
          interval={interval}
          title={`${label} per variant at the end of each ${interval}`}
        />
      ) : (
        <p className="text-sm text-slate-500">No exposures yet: the lines start with the first one.</p>
      )}
    </div>
  );
}

function MetricTable({ result, primary, interval }: { result: MetricResult; primary: boolean; interval: ExperimentResults["overTimeInterval"] }) {
  const { metric } = result;
  const label = metricLabel(metric);
  const extent = intervalExtent(result.variants.map((v) => v.confidenceInterval));
  const unit = unitOf(metric);
  const treated = result.variants.slice(1);
  return (
    <section aria-labelledby={`metric-${label}`} className="space-y-3 rounded-xl bg-white p-5 ring-1 ring-slate-200">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`metric-${label}`} className="font-semibold text-slate-900">
          {label}
        </h2>
        <span className="text-xs text-slate-500">{primary ? "Primary metric" : "Secondary metric"}</span>
      </div>
      <ul className="space-y-1" aria-label={`Verdict on ${label}`}>
        {treated.map((variant) => (
          <li key={variant.key} className="text-sm text-slate-800" data-testid="verdict">
            {verdict(result, variant)}
          </li>
        ))}
      </ul>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[40rem] text-left text-sm">
          <thead className="text-xs text-slate-500">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">Variant</th>
              <th scope="col" className="py-2 pr-3 text-right font-medium">Exposures</th>
              <th scope="col" className="py-2 pr-3 text-right font-medium">{metric.kind === "conversion" ? "Rate" : "Mean"}</th>
              <th scope="col" className="py-2 pr-3 text-right font-medium">Lift{unit ? ` (${unit})` : ""}</th>
              <th scope="col" className="py-2 pr-3 font-medium">95% interval</th>
              <th scope="col" className="py-2 pr-3 text-right font-medium">p-value</th>
              <th scope="col" className="py-2 text-right font-medium">Beats control</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {result.variants.map((variant, index) => (
              <tr key={variant.key}>
                <th scope="row" className="py-2 pr-3 font-medium text-slate-900">
                  {variant.key}
                  {index === 0 ? <span className="ml-1 text-xs font-normal text-slate-500">(control)</span> : null}
                  {!variant.enoughData ? <span className="ml-1 text-xs font-normal text-amber-700">not enough data</span> : null}
                </th>
                <td className="py-2 pr-3 text-right tabular-nums">{variant.exposures.toLocaleString("en-US")}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{formatValue(metric, variant.mean)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">
                  {variant.lift === undefined ? "–" : formatAmount(metric, variant.lift, true)}
                  {variant.relativeLift !== undefined && variant.relativeLift !== null ? (
                    <span className="ml-1 text-xs text-slate-500">({formatRelative(variant.relativeLift)})</span>
                  ) : null}
                </td>
                <td className="py-2 pr-3">
                  {variant.confidenceInterval && variant.lift !== undefined ? (
                    <div className="flex items-center gap-2">
                      <IntervalBar
                        interval={variant.confidenceInterval}
                        lift={variant.lift}
                        extent={extent}
                        label={`${variant.key}: ${formatAmount(metric, variant.confidenceInterval[0], true)} to ${formatAmount(metric, variant.confidenceInterval[1], true)}`}
                      />
                      <span className="whitespace-nowrap text-xs text-slate-500 tabular-nums">
                        {formatAmount(metric, variant.confidenceInterval[0], true)} to {formatAmount(metric, variant.confidenceInterval[1], true)}
                      </span>
                    </div>
                  ) : (
                    "–"
                  )}
                </td>
                <td className="py-2 pr-3 text-right tabular-nums">{pValueText(variant.pValue)}</td>
                <td className="py-2 text-right tabular-nums">
                  {variant.chanceToBeatControl === undefined || variant.chanceToBeatControl === null ? "–" : formatChance(variant.chanceToBeatControl)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <OverTime result={result} interval={interval} label={label} />
    </section>
  );
}

function SampleRatio({ experiment, results }: { experiment: Experiment; results: ExperimentResults }) {
  const keys = experiment.variants.map((v) => v.key);
  const weightTotal = experiment.variants.reduce((a, v) => a + v.weight, 0);
  return (
    <section aria-labelledby="srm-heading" className="space-y-3 rounded-xl bg-white p-5 ring-1 ring-slate-200">
      <h2 id="srm-heading" className="font-semibold text-slate-900">
        Exposures and sample ratio
      </h2>
      {results.srm.warning ? (
        <Notice tone="warning">
          <span className="font-semibold">Sample ratio mismatch</span> (p {pValueText(results.srm.pValue)}): the variants did not get the shares their weights ask for.
          The figures above may be biased. Look for the day it started below: a broken variant page, a redirect, a bot, or an exposure recorded in one
          variant only are the usual causes.
        </Notice>
      ) : (
        <p className="text-sm text-slate-600">
          The split matches the weights{results.srm.pValue === null ? " (no exposures yet)" : ` (χ² p ${pValueText(results.srm.pValue)})`}.
        </p>
      )}
      <p className="text-sm text-slate-600">
        {keys.map((key, i) => (
          <span key={key}>
            {i ? ", " : ""}
            {key}: {results.exposures[key]?.toLocaleString("en-US") ?? 0} (expected share {Math.round((experiment.variants[i].weight / weightTotal) * 100)}%)
          </span>
        ))}
        . Persons seen in more than one variant, left out: {results.multipleVariants.toLocaleString("en-US")}.
      </p>
      {results.daily.length ? (
        <div className="max-h-80 overflow-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">First exposures per day and variant</caption>
            <thead className="sticky top-0 bg-white text-xs text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">Day</th>
                {keys.map((key) => (
                  <th key={key} scope="col" className="py-1 pr-3 text-right font-medium">{key}</th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {results.daily.map((day) => (
                <tr key={day.day}>
                  <th scope="row" className="py-1 pr-3 font-normal tabular-nums">{day.day}</th>
                  {keys.map((key) => (
                    <td key={key} className="py-1 pr-3 text-right tabular-nums">{day.exposures[key] ?? 0}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

export function ExperimentResultsView({ experiment, results }: { experiment: Experiment; results: ExperimentResults }) {
  return (
    <div className="space-y-6">
      {results.metrics.map((result, index) => (
        <MetricTable key={index} result={result} primary={index === 0} interval={results.overTimeInterval} />
      ))}
      <SampleRatio experiment={experiment} results={results} />
    </div>
  );
}
