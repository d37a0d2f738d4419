import pg from "pg";
const c = new pg.Client(process.argv[2]); await c.connect();
const P = process.argv[3];
const q = `SELECT e.person_id AS person, string_agg(e.ts::text || ',' || (CASE e.event WHEN '$pageview' THEN 1 WHEN 'Product Viewed' THEN 2 WHEN 'Added to Cart' THEN 4 WHEN 'Checkout Started' THEN 8 WHEN 'Order Completed' THEN 16 ELSE 0 END)::text, ',' ORDER BY e.ts, e.id) AS tm
FROM events e WHERE e.project_id = '${P}' AND e.event IN ('$pageview','Product Viewed','Added to Cart','Checkout Started','Order Completed') AND e.ts >= 1793577600000 AND e.ts <= 1796255999999
AND e.person_id IN (SELECT p_seen.id FROM persons p_seen WHERE p_seen.project_id = '${P}' AND p_seen.last_seen >= 1793577600000 AND p_seen.first_seen < 1796169600000) GROUP BY e.person_id`;
for (let r = 0; r < 4; r++) {
  let t0 = performance.now(); const cpu0 = process.cpuUsage();
  const res = await c.query({ text: q, rowMode: "array" });
  const t1 = performance.now(); const cpu1 = process.cpuUsage(cpu0);
  let n = 0;
  for (const row of res.rows) { const a = JSON.parse(`[${row[1]}]`); n += a.length; }
  const t2 = performance.now();
  let m = 0;
  for (const row of res.rows) { const s = row[1]; let x = 0; for (let i = 0; i < s.length; i++) { const ch = s.charCodeAt(i); if (ch === 44) m++; } }
  const t3 = performance.now();
  console.log(`query ${(t1-t0).toFixed(0)} ms (client cpu ${((cpu1.user+cpu1.system)/1000).toFixed(0)}), JSON.parse ${(t2-t1).toFixed(0)} ms for ${n} numbers, chars scan ${(t3-t2).toFixed(0)}; bytes ${res.rows.reduce((s,r)=>s+r[1].length,0)}`);
}
await c.end();
