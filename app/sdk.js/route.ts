// GET /sdk.js: the browser SDK (lib/sdk/crumbtrail.js), minified-by-hand small,
// cached by browsers for an hour.
import fs from "node:fs";
import path from "node:path";

const source = fs.readFileSync(path.join(process.cwd(), "lib", "sdk", "crumbtrail.js"), "utf8");

export function GET(): Response {
  return new Response(source, {
    headers: {
      "Content-Type": "application/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
