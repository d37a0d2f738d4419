// The hourly retention job inside the server process, started once from
// instrumentation.ts. One run at a time (a slow run is never overlapped by the
// next tick), and a failed run is logged and retried on the next tick: it never
// takes the server down.
import { clickHouseUnfinished, purgeExpiredEvents, purgeSummaryLines } from "./index";

const HOUR_MS = 3_600_000;
/** First run a little after start, so it does not compete with the first requests. */
const FIRST_RUN_DELAY_MS = 60_000;

const holder = globalThis as unknown as { __crumbtrailRetention?: { timer: NodeJS.Timeout } };

function positiveMs(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n >= 100 ? n : fallback;
}

export function startRetentionSchedule(log: (line: string) => void = (line) => console.log(`[crumbtrail] retention: ${line}`)): void {
  if (holder.__crumbtrailRetention) return;
  // Tests shorten both; nobody else needs to.
  const interval = positiveMs(process.env.CRUMBTRAIL_PURGE_INTERVAL_MS, HOUR_MS);
  const firstDelay = positiveMs(process.env.CRUMBTRAIL_PURGE_FIRST_DELAY_MS, Math.min(FIRST_RUN_DELAY_MS, interval));
  let running = false;

  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const summary = await purgeExpiredEvents();
      if (summary.events || summary.finishedDeletions || summary.quarantined || clickHouseUnfinished(summary)) for (const line of purgeSummaryLines(summary)) log(line);
    } catch (error) {
      log(`the purge failed and will be tried again in ${Math.round(interval / 60_000)} min: ${(error as Error).message ?? String(error)}`);
    } finally {
      running = false;
    }
  };

  const first = setTimeout(() => {
    void tick();
    const timer = setInterval(() => void tick(), interval);
    timer.unref();
    holder.__crumbtrailRetention = { timer };
  }, firstDelay);
  first.unref();
  holder.__crumbtrailRetention = { timer: first };
}
