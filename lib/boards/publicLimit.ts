// Rate limits on a shared board's public routes (API.md 8): anyone with the
// link runs reports on this machine, so each shared board and each client
// address gets a token bucket. The defaults fit a TV-mode screen: it reloads
// every tile (at most MAX_TILES = 60) once a minute, i.e. about one request a
// second, and a first load asks for all tiles at once. So per board: a burst
// of two full loads and 2 requests a second sustained (two screens on one
// link); per address four times that (an office with a few screens behind one
// address). Tunable for tests and odd setups by CRUMBTRAIL_PUBLIC_BOARD_BURST
// and CRUMBTRAIL_PUBLIC_BOARD_PER_SECOND (per board; the address gets 4x).
import { z } from "zod";
import { clientAddress } from "../http/clientAddress";
import { ApiError } from "../http/errors";
import { TokenBuckets } from "../http/tokenBucket";
import { MAX_TILES } from "./schema";

const ADDRESS_FACTOR = 4;
const positive = (fallback: number) => z.coerce.number().positive().finite().catch(fallback);
const BURST = positive(2 * MAX_TILES).parse(process.env.CRUMBTRAIL_PUBLIC_BOARD_BURST ?? undefined);
const PER_SECOND = positive(2).parse(process.env.CRUMBTRAIL_PUBLIC_BOARD_PER_SECOND ?? undefined);

const buckets = new TokenBuckets();

function refuse(waitSeconds: number): ApiError {
  return new ApiError(
    429,
    "rate_limited",
    `This shared board is getting more requests than it serves; try again in ${waitSeconds} s.`,
    {},
    { "Retry-After": String(waitSeconds) },
  );
}

/**
 * Charges the client's address before the token is even looked up (so guessing
 * tokens costs allowance too). A request the server could not stamp with an
 * address (not behind lib/server) is not limited here: all would share one bucket.
 */
export function takeAddressAllowance(headers: Headers, count = 1, now = Date.now()): void {
  const address = clientAddress(headers);
  if (!address) return;
  const wait = buckets.take(`address:${address}`, BURST * ADDRESS_FACTOR, PER_SECOND * ADDRESS_FACTOR, count, now);
  if (wait > 0) throw refuse(wait);
}

/** Charges the shared board (the one its token opened): `count` reports about to run. */
export function takeBoardAllowance(boardId: string, count = 1, now = Date.now()): void {
  // A whole-board request never costs more than a full bucket, so it can always be served once refilled.
  const wait = buckets.take(`board:${boardId}`, BURST, PER_SECOND, Math.min(Math.max(1, count), BURST), now);
  if (wait > 0) throw refuse(wait);
}
