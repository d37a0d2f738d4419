// A closed stdout/stderr must not make a process spin (lib/runtime/outputGuard.ts).
// The child below logs every uncaught exception to stderr, as Next.js's router
// server does. Without the guard, once its pipes are closed, one write is an
// EPIPE 'error' event nobody handles, so an uncaught exception, whose log line
// is the next EPIPE, and so on: a loop that burns a CPU for as long as it lives.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";

const GUARD = path.resolve("lib/runtime/outputGuard.ts");

/**
 * Uncaught exceptions the child sees in the second after one write to its
 * closed stdout. Counted rather than timed: CPU time is process-wide (GC and
 * compiler threads included) and noisy on a loaded machine, while the loop
 * the guard exists for is thousands of exceptions a second and a guarded
 * process has none.
 */
async function exceptionsAfterClosedPipeWrite(guarded: boolean): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "output-guard-"));
  const report = path.join(dir, "exceptions");
  const script = `
    import fs from "node:fs";
    import { tolerateClosedOutput } from ${JSON.stringify(GUARD)};
    ${guarded ? "tolerateClosedOutput();" : ""}
    let exceptions = 0;
    process.on("uncaughtException", (error) => {
      exceptions += 1;
      process.stderr.write("uncaughtException: " + error.message + "\\n");
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // the parent closes the pipes meanwhile
    process.stdout.write("a line nobody reads\\n");
    setTimeout(() => {
      fs.writeFileSync(${JSON.stringify(report)}, String(exceptions));
      process.exit(0);
    }, 1000);`;
  const file = path.join(dir, "child.mts");
  fs.writeFileSync(file, script);
  const child = spawn(process.execPath, ["--import", "tsx", file], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.destroy();
  child.stderr.destroy();
  const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await new Promise((resolve) => child.on("exit", resolve));
  clearTimeout(killer);
  const exceptions = Number(fs.readFileSync(report, "utf8"));
  fs.rmSync(dir, { recursive: true, force: true });
  return exceptions;
}

describe("tolerateClosedOutput", () => {
  test("a write to a closed pipe is dropped, and the process stays idle", async () => {
    const exceptions = await exceptionsAfterClosedPipeWrite(true);
    assert.equal(exceptions, 0, `the guarded process saw ${exceptions} uncaught exceptions after the write`);
  });

  test("without it the same process spins (the failure the guard exists for)", async () => {
    const exceptions = await exceptionsAfterClosedPipeWrite(false);
    assert.ok(exceptions > 100, `the unguarded process saw only ${exceptions} uncaught exceptions: the model no longer reproduces the loop`);
  });
});
