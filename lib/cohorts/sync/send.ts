// Sends stored deliveries. Per destination strictly in id order: the oldest
// undelivered one goes first, and while it waits for a retry nothing later is
// tried, so a change never overtakes an earlier one. Destinations do not wait
// for each other. A delivery is marked delivered only after a 2xx answer, so a
// crash in between sends it again (at least once; X-Crumbtrail-Delivery lets a
// receiver drop a repeat).
import { connections } from "../../db";
import { signBody, SIGNATURE_HEADER } from "./signature";
import { retryDelayMs, type DeliveryTiming } from "./timing";

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/**
 * Sends every due delivery; resolves with when the next one will be due (null:
 * none waiting). `stop` aborts requests under way, which leaves them to be sent again.
 */
export async function sendDueDeliveries(timing: DeliveryTiming, stop: AbortSignal): Promise<Date | null> {
  const waiting = await connections().prisma.cohortDelivery.groupBy({ by: ["destinationId"], where: { status: { not: "delivered" } } });
  const wakes = await Promise.all(waiting.map((w) => drainDestination(w.destinationId, timing, stop)));
  return wakes.reduce<Date | null>((earliest, wake) => (wake && (!earliest || wake < earliest) ? wake : earliest), null);
}

/** Sends a destination's due deliveries in order until one fails or none is left; answers when the next is due. */
async function drainDestination(destinationId: string, timing: DeliveryTiming, stop: AbortSignal): Promise<Date | null> {
  const { prisma } = connections();
  for (;;) {
    const next = await prisma.cohortDelivery.findFirst({
      where: { destinationId, status: { not: "delivered" } },
      orderBy: { id: "asc" },
      include: { destination: { select: { url: true, secret: true } } },
    });
    if (!next) return null;
    if (stop.aborted || next.nextAttemptAt.getTime() > Date.now()) return next.nextAttemptAt;
    const outcome = await post(next.destination.url, next.destination.secret, String(next.id), next.body ?? "", timing, stop);
    // Stopped mid-request: not the receiver's failure; it goes again after the restart.
    if (!outcome.ok && stop.aborted) return next.nextAttemptAt;
    const attempts = next.attempts + 1;
    if (outcome.ok) {
      // updateMany: the destination may have been removed meanwhile, which is no error.
      await prisma.cohortDelivery.updateMany({
        where: { id: next.id },
        data: { status: "delivered", attempts, deliveredAt: new Date(), responseStatus: outcome.status, lastError: null, body: null },
      });
      continue;
    }
    const retryAt = new Date(Date.now() + retryDelayMs(attempts, timing));
    await prisma.cohortDelivery.updateMany({
      where: { id: next.id },
      data: { status: "retrying", attempts, nextAttemptAt: retryAt, responseStatus: outcome.status, lastError: outcome.error.slice(0, 500) },
    });
    return retryAt;
  }
}

async function post(url: string, secret: string, deliveryId: string, body: string, timing: DeliveryTiming, stop: AbortSignal): Promise<Outcome> {
  const timeout = AbortSignal.timeout(timing.timeoutMs);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Crumbtrail-Webhook",
        "X-Crumbtrail-Delivery": deliveryId,
        [SIGNATURE_HEADER]: signBody(body, secret),
      },
      body,
      // A redirect would resend members' data to wherever it points: treated as a failure instead.
      redirect: "manual",
      signal: AbortSignal.any([stop, timeout]),
    });
    // The answer's body is not needed; dropping it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    return { ok: false, status: response.status, error: `The receiver answered ${response.status}.` };
  } catch (error) {
    if (timeout.aborted) return { ok: false, status: null, error: `No answer within ${Math.round(timing.timeoutMs / 1000)} s.` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, status: null, error: `Could not reach the receiver: ${cause?.code ?? cause?.message ?? (error as Error).message}.` };
  }
}
