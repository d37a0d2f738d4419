// What the throwaway servers of the tests (pg-cluster.mjs,
// clickhouse-cluster.mjs, zookeeper.mjs) need from the operating system: a
// free port, whether a child process is still there, and a clean shutdown.
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

/**
 * The shutdown of a throwaway server whose processes `pids()` lists and whose
 * files live in `dir`. `stop()` asks the processes to end (`ask`, SIGTERM to
 * each by default), waits for them (awaitExitOrKill), then removes `dir`; it
 * runs once however often it is called. `kill()` is the synchronous last
 * resort, fit for a process "exit" handler; with `killOnExit` it is one until
 * `stop()` has finished.
 */
export function stoppable({ pids, dir, ask = () => pids().forEach((pid) => signal(pid, "SIGTERM")), killOnExit = false }) {
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  const kill = () => {
    for (const pid of pids()) signal(pid, "SIGKILL");
    removeDir();
  };
  if (killOnExit) process.on("exit", kill);
  let stopping = null;
  const stop = () => {
    stopping ??= (async () => {
      ask();
      await awaitExitOrKill(pids);
      removeDir();
      process.off("exit", kill);
    })();
    return stopping;
  };
  return { stop, kill };
}

/**
 * The command line of a server starter once `server` runs: stay up until
 * SIGINT or SIGTERM, then stop it and exit 0. `kill()` covers any other exit.
 */
export function runUntilSignal(server) {
  const bye = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on("SIGINT", bye);
  process.on("SIGTERM", bye);
  process.on("exit", () => server.kill());
  setInterval(() => {}, 1 << 30);
}
