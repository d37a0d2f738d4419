// Next.js calls register() once when the server starts: the place for work the
// server does on its own, outside any request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { limitHeapGrowth } = await import("./lib/runtime/heap");
  limitHeapGrowth();
  const { startRetentionSchedule } = await import("./lib/retention/schedule");
  startRetentionSchedule();
  const { startCohortSchedule, stopCohortSchedule } = await import("./lib/cohorts/schedule");
  startCohortSchedule();
  const { eventWriter, startEventWriter } = await import("./lib/store");
  const { onShutdown } = await import("./lib/runtime/shutdownHooks");
  // The server's stop (lib/server/gracefulStop.ts) runs this once requests have drained.
  onShutdown("commit pending events", () => eventWriter().flush());
  onShutdown("stop recomputing cohorts and sending their webhooks", stopCohortSchedule);
  // Not awaited: a writer that cannot start says so on the first write (503), not by failing the boot.
  startEventWriter().catch((error: Error) => console.error("[crumbtrail] the writer thread did not start:", error.message));
}
