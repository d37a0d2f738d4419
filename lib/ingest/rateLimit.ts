// Per-project rate limits (API.md 2.3: 429 with Retry-After, off by default):
// a token bucket per project in this process, refilled at the project's
// messages-per-second limit, holding at most one second's worth.
import { ApiError } from "../http/errors";
import { TokenBuckets } from "../http/tokenBucket";

const buckets = new TokenBuckets();

/** Takes `count` messages from the project's allowance or throws 429. */
export function takeAllowance(projectId: string, limitPerSecond: number | null, count: number, now = Date.now()): void {
  if (!limitPerSecond || limitPerSecond <= 0) return;
  const waitSeconds = buckets.take(projectId, limitPerSecond, limitPerSecond, count, now);
  if (waitSeconds > 0) {
    throw new ApiError(
      429,
      "rate_limited",
      `This project takes at most ${limitPerSecond} messages a second; retry in ${waitSeconds} s.`,
      { accepted: 0 },
      { "Retry-After": String(waitSeconds) },
    );
  }
}
