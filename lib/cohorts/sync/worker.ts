// The one loop that sends deliveries inside the server process. Woken when a
// computation stores deliveries (kick), at start (deliveries stored before a
// restart), and by its own timer when the next retry is due. Never runs twice at
// once: a kick during a run makes the run go round once more. State lives on
// globalThis because route handlers and instrumentation.ts load separate
// copies of this module.
import { sendDueDeliveries } from "./send";
import { deliveryTiming } from "./timing";

interface WorkerState {
  running: Promise<void> | null;
  again: boolean;
  wake: NodeJS.Timeout | null;
  stop: AbortController;
  stopped: boolean;
}

const STATE = Symbol.for("crumbtrail.cohortDeliveryWorker");
const holder = globalThis as { [STATE]?: WorkerState };
/** setTimeout's longest wait; a later retry is simply re-checked then. */
const MAX_WAIT_MS = 2 ** 31 - 1;

function state(): WorkerState {
  return (holder[STATE] ??= { running: null, again: false, wake: null, stop: new AbortController(), stopped: false });
}

function log(line: string): void {
  console.error(`[crumbtrail] cohort deliveries: ${line}`);
}

/** Sends whatever is due now (in the background); returns the run under way. */
export function kickDeliveries(): Promise<void> {
  const s = state();
  if (s.stopped) return Promise.resolve();
  if (s.running) {
    s.again = true;
    return s.running;
  }
  if (s.wake) clearTimeout(s.wake);
  s.wake = null;
  s.running = (async () => {
    let nextDue: Date | null = null;
    do {
      s.again = false;
      try {
        nextDue = await sendDueDeliveries(deliveryTiming(), s.stop.signal);
      } catch (error) {
        // The database was unavailable: try again a little later rather than never.
        log(`could not send: ${(error as Error).message}`);
        nextDue = new Date(Date.now() + deliveryTiming().retryBaseMs);
      }
    } while (s.again && !s.stopped);
    s.running = null;
    if (nextDue && !s.stopped) {
      s.wake = setTimeout(() => void kickDeliveries(), Math.min(Math.max(nextDue.getTime() - Date.now(), 10), MAX_WAIT_MS));
      s.wake.unref();
    }
  })();
  return s.running;
}

/** Stops the loop: aborts requests under way (they are sent again after the restart) and waits for the run to end. */
export async function stopDeliveries(): Promise<void> {
  const s = state();
  s.stopped = true;
  if (s.wake) clearTimeout(s.wake);
  s.stop.abort();
  await s.running;
}
