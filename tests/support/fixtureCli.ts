// `crumbtrail user:create` and `project:create` for test fixtures, without a
// new process each time. Loading the command line costs 2-3 s of CPU, and the
// integration suite creates some 200 accounts and projects per database: a
// third of a phase's CPU on two cores. One worker per database and environment
// (fixtureCliWorker.mjs) loads it once and runs the same `main` on the same
// arguments, so fixtures are made exactly as the real command makes them. The
// commands' own behaviour (flags, exit codes, errors) is tested through real
// processes in tests/integration/cli.test.ts.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ROOT, serverEnv, type CliResult, type TestDatabase } from "./server";

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  waiting: Map<number, (result: CliResult) => void>;
  failed: Error | null;
}

/** Workers by database and environment, the most recently used last. */
const workers = new Map<string, Worker>();
/** Each idle worker holds ~150 MB: a file that makes many databases keeps the newest few. */
const KEPT_WORKERS = 2;
let nextId = 0;

function workerFor(db: TestDatabase, env: Record<string, string>): Worker {
  const key = JSON.stringify([db.databaseUrl, db.dataDir, env]);
  const existing = workers.get(key);
  workers.delete(key);
  if (existing && !existing.failed) {
    workers.set(key, existing);
    return existing;
  }
  for (const [oldKey, old] of workers) {
    if (workers.size < KEPT_WORKERS) break;
    if (old.waiting.size > 0) continue;
    workers.delete(oldKey);
    if (old.child.connected) old.child.disconnect(); // it exits when the channel closes
  }
  const child = fork(path.join(ROOT, "tests", "support", "fixtureCliWorker.mjs"), [], {
    cwd: ROOT,
    env: serverEnv(db, env),
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const waiting = new Map<number, (result: CliResult) => void>();
  let markReady: () => void = () => {};
  let markFailed: (error: Error) => void = () => {};
  const worker: Worker = {
    child,
    waiting,
    failed: null,
    ready: new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    }),
  };
  worker.ready.catch(() => {}); // awaited by each command; unobserved until then
  const gone = (error: Error) => {
    worker.failed = error;
    markFailed(error);
    for (const resolve of waiting.values()) resolve({ code: 1, stdout: "", stderr: error.message });
    waiting.clear();
  };
  child.on("message", (message: { ready?: true; id?: number } & Partial<CliResult>) => {
    if (message.ready) return markReady();
    const resolve = waiting.get(message.id!);
    waiting.delete(message.id!);
    resolve?.({ code: message.code ?? 1, stdout: message.stdout ?? "", stderr: message.stderr ?? "" });
  });
  child.on("error", gone);
  child.on("exit", (code, signal) => gone(new Error(`the fixture worker exited (${signal ?? code})`)));
  // The test process may end while the worker idles (it exits when the channel
  // closes): only a command under way holds the process open (fixtureCli).
  child.unref();
  workers.set(key, worker);
  return worker;
}

/** `crumbtrail <args>` with the database of `db` (and `env`), run by a long-lived worker. */
export async function fixtureCli(db: TestDatabase, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const worker = workerFor(db, env);
  const id = nextId++;
  const answer = new Promise<CliResult>((resolve) => worker.waiting.set(id, resolve));
  worker.child.channel?.ref();
  try {
    await worker.ready;
    worker.child.send({ id, args });
    return await answer;
  } finally {
    worker.waiting.delete(id);
    if (worker.waiting.size === 0) worker.child.channel?.unref();
  }
}
