// The receiver shown on the destinations page ("Receive it"); docs/cohorts.md
// carries the same code. Verifies the signature over the raw bytes before parsing.
export const NODE_RECEIVER_EXAMPLE = `const http = require("node:http"), crypto = require("node:crypto");
const SECRET = process.env.CRUMBTRAIL_WEBHOOK_SECRET; // the destination's secret
http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c)).on("end", () => {
    const body = Buffer.concat(chunks), got = Buffer.from(String(req.headers["x-crumbtrail-signature"]));
    const want = Buffer.from("sha256=" + crypto.createHmac("sha256", SECRET).update(body).digest("hex"));
    if (got.length !== want.length || !crypto.timingSafeEqual(got, want)) return res.writeHead(401).end();
    const { action, members = [], added = [], removed = [] } = JSON.parse(body);
    console.log(action, "in:", [...members, ...added].map((m) => m.distinctId), "out:", removed.map((m) => m.distinctId));
    res.writeHead(204).end();
  });
}).listen(8080);`;
