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
  const { onShutdown } = await import("./lib/runtime/shutdownHooks");
  // The server's stop (lib/server/gracefulStop.ts) runs this once requests have drained.
  const { clickHouseShipper, eventWriter, startEventWriter } = await import("./lib/store");
  onShutdown("commit pending events", () => eventWriter().flush());
  // After the writer's flush: the last groups' copies finish or wait in the outbox for the next start.
  onShutdown("finish copying events to ClickHouse", async () => clickHouseShipper()?.stop());
  onShutdown("stop recomputing cohorts and sending their webhooks", stopCohortSchedule);
  // Not awaited: a writer that cannot start says so on the first write (503), not by failing the boot.
  startEventWriter().catch((error: Error) => console.error("[crumbtrail] the writer thread did not start:", error.message));
}
