// What the throwaway database servers of the tests (pg-cluster.mjs,
// clickhouse-cluster.mjs) need from the operating system: a free port, and
// whether a child process is still there.
import fs from "node:fs";
import net from "node:net";

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether the process runs; a zombie (exited, not yet reaped) counts as gone. */
export function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Sends a signal, ignoring a process that is already gone. */
export function signal(pid, sig) {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/**
 * Waits up to 15 s for the processes `pids()` lists to exit after the caller
 * asked them to stop, then kills what is left and waits up to 5 s more.
 */
export async function awaitExitOrKill(pids) {
  const deadline = Date.now() + 15_000;
  while (pids().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const pid of pids()) signal(pid, "SIGKILL");
  const killedAt = Date.now();
  while (pids().length && Date.now() - killedAt < 5_000) await new Promise((r) => setTimeout(r, 50));
}
