// How long a delivery may take and how long a failed one waits before the next
// try. Defaults suit real receivers; tests shorten them through the environment.

export interface DeliveryTiming {
  /** A request not answered within this is a failure. */
  timeoutMs: number;
  /** The wait after the first failure; it doubles with each further one... */
  retryBaseMs: number;
  /** ...up to this. */
  retryMaxMs: number;
}

function positiveMs(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(n) && n >= 1 ? n : fallback;
}

export function deliveryTiming(env: Readonly<Record<string, string | undefined>> = process.env): DeliveryTiming {
  return {
    timeoutMs: positiveMs(env.CRUMBTRAIL_WEBHOOK_TIMEOUT_MS, 10_000),
    retryBaseMs: positiveMs(env.CRUMBTRAIL_WEBHOOK_RETRY_BASE_MS, 30_000),
    retryMaxMs: positiveMs(env.CRUMBTRAIL_WEBHOOK_RETRY_MAX_MS, 3_600_000),
  };
}

/** The wait before the next try, after `attempts` failed ones (exponential, capped). */
export function retryDelayMs(attempts: number, timing: DeliveryTiming): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(timing.retryBaseMs * 2 ** exponent, timing.retryMaxMs);
}
