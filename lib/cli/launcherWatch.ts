// `crumbtrail start` runs Next.js as a child in its own process group, and
// forwards SIGINT/SIGTERM to it. A launcher killed outright (SIGKILL, OOM
// killer) forwards nothing, and Next.js would go on holding the port and the
// database. Inside the server, this watches the launcher and, when it is gone,
// commits what the writer holds and exits.
import { say } from "./output";

/** How often the server looks for its launcher. */
const CHECK_MS = 1000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but is not ours to signal, so it is alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Called once at server start; does nothing unless the launcher left its pid in CRUMBTRAIL_LAUNCHER_PID. */
export function watchLauncher(beforeExit: () => Promise<void>): void {
  const pid = Number(process.env.CRUMBTRAIL_LAUNCHER_PID);
  if (!Number.isSafeInteger(pid) || pid <= 1) return;
  const timer = setInterval(() => {
    if (alive(pid)) return;
    clearInterval(timer);
    say(`The crumbtrail launcher (pid ${pid}) is gone; committing pending events and stopping.`);
    beforeExit()
      .catch((error: Error) => console.error("[crumbtrail] could not commit pending events before stopping:", error.message))
      .finally(() => process.exit(0));
  }, CHECK_MS);
  timer.unref();
}
