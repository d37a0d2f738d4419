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

/** CPU seconds the child spends in the second after one write to its closed stdout. */
async function cpuAfterClosedPipeWrite(guarded: boolean): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "output-guard-"));
  const report = path.join(dir, "cpu");
  const script = `
    import fs from "node:fs";
    import { tolerateClosedOutput } from ${JSON.stringify(GUARD)};
    ${guarded ? "tolerateClosedOutput();" : ""}
    process.on("uncaughtException", (error) => process.stderr.write("uncaughtException: " + error.message + "\\n"));
    await new Promise((resolve) => setTimeout(resolve, 300)); // the parent closes the pipes meanwhile
    const before = process.cpuUsage();
    process.stdout.write("a line nobody reads\\n");
    setTimeout(() => {
      const used = process.cpuUsage(before);
      fs.writeFileSync(${JSON.stringify(report)}, String((used.user + used.system) / 1e6));
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
  const seconds = Number(fs.readFileSync(report, "utf8"));
  fs.rmSync(dir, { recursive: true, force: true });
  return seconds;
}

describe("tolerateClosedOutput", () => {
  test("a write to a closed pipe is dropped, and the process stays idle", async () => {
    const seconds = await cpuAfterClosedPipeWrite(true);
    assert.ok(seconds < 0.1, `the guarded process used ${seconds} s of CPU in the second after the write`);
  });

  test("without it the same process spins (the failure the guard exists for)", async () => {
    const seconds = await cpuAfterClosedPipeWrite(false);
    assert.ok(seconds >= 0.1, `the unguarded process used only ${seconds} s of CPU: the model no longer reproduces the loop`);
  });
});
