// The browser SDK stays small enough to put on every page (issue: at most 2 KB gzipped).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { test } from "node:test";

test("/sdk.js is at most 2 KB gzipped", () => {
  const source = fs.readFileSync(path.join(__dirname, "..", "..", "lib", "sdk", "crumbtrail.js"));
  const size = zlib.gzipSync(source, { level: 9 }).length;
  assert.ok(size <= 2048, `the SDK is ${size} bytes gzipped`);
});
