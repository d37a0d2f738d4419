// The Node receiver docs/cohorts.md and the destinations page show: the same
// code in both places, and it really accepts a correctly signed request and
// refuses a forged one.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { NODE_RECEIVER_EXAMPLE } from "../../lib/cohorts/sync/receiverExample";
import { signBody } from "../../lib/cohorts/sync/signature";

test("docs/cohorts.md shows the page's receiver, and it verifies signatures", async () => {
  const docs = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "cohorts.md"), "utf8");
  const shown = /## Sync to marketing tools[\s\S]*?```js\n([\s\S]*?)\n```/.exec(docs)?.[1];
  assert.equal(shown, NODE_RECEIVER_EXAMPLE);
  assert.ok(NODE_RECEIVER_EXAMPLE.split("\n").length <= 14);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "receiver-"));
  const file = path.join(dir, "receiver.cjs");
  // Port 0 instead of 8080, and say which port was taken.
  fs.writeFileSync(file, NODE_RECEIVER_EXAMPLE.replace(".listen(8080);", '.listen(0, "127.0.0.1", function () { process.stdout.write(`port ${this.address().port}\\n`); });'));
  const secret = "receiver-test-secret-123";
  const child = spawn(process.execPath, [file], { env: { ...process.env, CRUMBTRAIL_WEBHOOK_SECRET: secret }, stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        const m = /port (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on("exit", () => reject(new Error(`the receiver exited: ${out}`)));
    });
    const body = JSON.stringify({ cohort: { id: "c", name: "n" }, computedAt: new Date().toISOString(), action: "members", members: [{ distinctId: "u1", distinctIds: ["u1"], properties: {} }] });
    const post = (signature: string) =>
      fetch(`http://127.0.0.1:${port}/`, { method: "POST", headers: { "Content-Type": "application/json", "X-Crumbtrail-Signature": signature }, body }).then((r) => r.status);
    assert.equal(await post(signBody(body, secret)), 204);
    assert.equal(await post(signBody(body, "another-secret-1234567")), 401);
    assert.equal(await post("sha256=00"), 401);
  } finally {
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
