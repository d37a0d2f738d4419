// One long-lived `crumbtrail` for test fixtures (see fixtureCli.ts): it loads
// the command line once and runs each command its parent sends over IPC, with
// the environment it was started with, answering with the exit code and what
// the command printed.
import { tsImport } from "tsx/esm/api";

const { main } = await tsImport("../../lib/cli/main.ts", import.meta.url);

/** Runs `args` as `crumbtrail` would, collecting what it writes. */
async function run(args) {
  const out = { stdout: "", stderr: "" };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const collect = (name) =>
    function (chunk, encodingOrCallback, callback) {
      out[name] += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
      const done = typeof encodingOrCallback === "function" ? encodingOrCallback : callback;
      if (typeof done === "function") queueMicrotask(done);
      return true;
    };
  process.stdout.write = collect("stdout");
  process.stderr.write = collect("stderr");
  try {
    const code = await main(args);
    return { code, ...out };
  } catch (error) {
    return { code: 1, stdout: out.stdout, stderr: `${out.stderr}fixture worker: ${error?.stack ?? error}\n` };
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
  }
}

// One command at a time: each ends by closing its connections.
let queue = Promise.resolve();
process.on("message", ({ id, args }) => {
  queue = queue.then(async () => process.send({ id, ...(await run(args)) }));
});
// The test process went away (finished, killed): nothing more will come.
process.on("disconnect", () => process.exit(0));
process.send({ ready: true });
