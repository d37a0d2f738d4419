// How the server stops, whatever asks it to (SIGTERM, SIGINT, SIGHUP, its npm
// launcher vanishing): stop taking connections, let the requests under way
// finish (ingestion answers only once its events are committed), run the
// shutdown hooks (the writer commits whatever it still holds), exit. A hard
// deadline bounds it all, so a stuck request or a hung database can delay the
// exit by seconds, never keep a stopped server alive.
import type { Server } from "node:http";
import { runShutdownHooks } from "../runtime/shutdownHooks";

export interface StopTimes {
  /** How long requests under way may take to finish before their connections are closed. */
  drainMs: number;
  /** When the process exits whatever is still running. */
  deadlineMs: number;
}

export const STOP_TIMES: StopTimes = { drainMs: 5_000, deadlineMs: 9_000 };

const SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP"] as const;

/** Counts the requests under way on a server, so a stop knows when they are done. */
export class RequestTracker {
  private active = 0;
  private idle: (() => void)[] = [];
  stopping = false;

  /** Call at the start of every request. */
  track(response: { on(event: "close", listener: () => void): unknown; setHeader(name: string, value: string): unknown }): void {
    this.active += 1;
    // Once stopping, a kept-alive connection must not bring another request.
    if (this.stopping) response.setHeader("Connection", "close");
    response.on("close", () => {
      this.active -= 1;
      if (this.active === 0) for (const resolve of this.idle.splice(0)) resolve();
    });
  }

  /** Resolves when no request is under way, or after `ms`, whichever comes first. */
  settled(ms: number): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/**
 * Installs the stop sequence for `server` on SIGTERM, SIGINT and SIGHUP, and
 * returns it for other callers (the launcher watch). Later signals while
 * stopping are ignored: the deadline already bounds the stop.
 */
export function installGracefulStop(server: Server, requests: RequestTracker, log: (line: string) => void, times = STOP_TIMES): (reason: string) => void {
  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) {
      log(`Already stopping (${reason}); exiting within ${Math.ceil(times.deadlineMs / 1000)} s of the first request to stop.`);
      return;
    }
    stopping = true;
    requests.stopping = true;
    log(`Stopping (${reason}): finishing the requests under way and committing pending events...`);
    setTimeout(() => {
      log(`Stopping took longer than ${times.deadlineMs / 1000} s; exiting now.`);
      process.exit(1);
    }, times.deadlineMs).unref();

    void (async () => {
      server.close();
      server.closeIdleConnections();
      await requests.settled(times.drainMs);
      server.closeAllConnections();
      const failed = await runShutdownHooks(log);
      log(failed.length ? "Stopped, but not cleanly (see above)." : "Stopped.");
      process.exit(failed.length ? 1 : 0);
    })();
  };
  for (const signal of SIGNALS) process.on(signal, () => stop(signal));
  return stop;
}
