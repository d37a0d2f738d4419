// How long a report may run, and what the client hears when it is stopped.
// A report gets an AbortSignal (the request's, joined with a time limit); the
// scans check it between chunks of rows (scan.ts), and on PostgreSQL the
// statement itself is cancelled (context.ts).
import { config } from "../config";
import { ApiError } from "../http/errors";

/** The time limit of one report (REPORT_TIMEOUT_SECONDS, 30 by default). */
export function reportTimeoutMs(): number {
  return config().reportTimeoutSeconds * 1000;
}

/** What a report's timeout message suggests, unless its caller knows better. */
export const REPORT_ADVICE = "Try a shorter date range, fewer steps or fewer filters.";

/** The reason a report's signal carries when its time limit ran out. */
export class ReportTimeout extends Error {
  constructor(
    readonly ms: number,
    /** The sentence the message ends with: what the person could change. */
    readonly advice: string = REPORT_ADVICE,
  ) {
    super(`report time limit of ${ms} ms reached`);
    this.name = "ReportTimeout";
  }
}

/**
 * A signal that aborts when `outer` does or after `ms`, with a ReportTimeout as the
 * reason then. `statedMs`: the limit its message names, when this signal has only
 * what is left of it (the database answering after ClickHouse used its share).
 */
export function reportSignal(
  outer: AbortSignal | undefined,
  ms: number = reportTimeoutMs(),
  advice: string = REPORT_ADVICE,
  statedMs: number = ms,
): { signal: AbortSignal; done(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new ReportTimeout(statedMs, advice)), ms);
  timer.unref?.();
  const onOuter = () => controller.abort(outer!.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener("abort", onOuter, { once: true });
  return {
    signal: controller.signal,
    done() {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onOuter);
    },
  };
}

/** The API error for a report stopped by `signal` (time limit or the client going away). */
export function abortError(signal: AbortSignal): ApiError {
  if (signal.reason instanceof ReportTimeout) {
    const seconds = Math.round(signal.reason.ms / 1000);
    return new ApiError(
      503,
      "report_timeout",
      `The report took longer than ${seconds} s and was stopped. ${signal.reason.advice}`,
      { timeoutSeconds: seconds },
    );
  }
  // The client cancelled (closed the request): nobody reads this answer, but it must not look like success.
  return new ApiError(499, "report_cancelled", "The report was cancelled.");
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/**
 * Gives the event loop a turn, then stops if the report was cancelled or ran
 * out of time. SQLite runs statements synchronously on the server's thread:
 * between two of a long report's, other requests and the rest of a streamed
 * page get to run.
 */
export async function nextTurn(signal: AbortSignal | undefined): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  throwIfAborted(signal);
}

/**
 * The most filter values one report may carry, all its `where` lists together
 * (an `in` list counts each value). Each filter is checked against every row
 * scanned: a funnel of 20 steps x 50 `in` filters of 1,000 values took 2.9 GB
 * and blocked the server for 12 s. No hand-built report comes near it.
 */
export const MAX_FILTER_VALUES = 10_000;
