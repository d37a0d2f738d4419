// Next.js calls register() once when the server starts: the place for work the
// server does on its own, outside any request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startRetentionSchedule } = await import("./lib/retention/schedule");
  startRetentionSchedule();
}
