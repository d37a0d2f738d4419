#!/usr/bin/env node
// Summarizes a V8 .cpuprofile (from `node bench/ingest.mjs --cpu-prof DIR`):
// self time by function, self time by package or source folder, and inclusive
// (total) time of the functions that matter most.
//
//   node bench/profile-summary.mjs DIR/CPU.*.cpuprofile [--top 40] [--match regex] [--focus regex]
// --match keeps only matching functions in the inclusive list; --focus counts only
// the samples with a matching function on their stack (e.g. --focus writeGroup).
import fs from "node:fs";
import { parseArgs } from "node:util";

const { values: opt, positionals } = parseArgs({
  options: { top: { type: "string", default: "40" }, match: { type: "string" }, focus: { type: "string" } },
  allowPositionals: true,
});
if (!positionals.length) {
  console.error("usage: node bench/profile-summary.mjs FILE.cpuprofile [--top N] [--match regex]");
  process.exit(1);
}
const TOP = Number(opt.top);

for (const file of positionals) {
  const profile = JSON.parse(fs.readFileSync(file, "utf8"));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  // Time per sample: the delta that follows it.
  const selfUs = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = deltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
  }
  if (opt.focus) {
    const focus = new RegExp(opt.focus);
    const hit = new Map();
    const onStack = (id) => {
      if (hit.has(id)) return hit.get(id);
      const cf = nodes.get(id).callFrame;
      const p = parent.get(id);
      const yes = focus.test(cf.functionName) || (p !== undefined && onStack(p));
      hit.set(id, yes);
      return yes;
    };
    for (const id of [...selfUs.keys()]) if (!onStack(id)) selfUs.delete(id);
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfUs].filter(([id]) => nodes.get(id).callFrame.functionName === "(idle)").reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;

  const short = (url) =>
    url
      // tsx loads TypeScript as data: URLs that name the file
      .replace(/^data:text\/javascript,.*/, (u) => {
        const name = u.match(/__filename(?:%3D%22|=")(.*?)(?:%22|")/)?.[1];
        return name ? decodeURIComponent(name) : "data:";
      })
      .replace(/^file:\/\//, "")
      .replace(new RegExp(`^${process.cwd().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/`), "")
      .replace(/^.*\/node_modules\//, "nm:")
      .replace(/^.*\/\.next\//, ".next/")
      .replace(/^node:/, "node:");
  const label = (cf) => `${cf.functionName || "(anonymous)"} ${short(cf.url)}:${cf.lineNumber + 1}`;
  const bucket = (cf) => {
    const url = cf.url;
    if (!url) return cf.functionName.startsWith("(") ? cf.functionName : "(native/builtin)";
    if (url.startsWith("data:")) return short(url);
    const nm = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    if (nm) return nm[1];
    if (url.startsWith("node:")) return "node:" + url.slice(5).split("/")[0];
    if (url.includes("/.next/")) return ".next/" + url.split("/.next/")[1].split("/").slice(0, 2).join("/");
    return short(url);
  };

  const pct = (us) => `${((100 * us) / busy).toFixed(1)}%`;
  console.log(`\n# ${file}${opt.focus ? ` (only samples under /${opt.focus}/)` : ""}\nsampled ${(total / 1e6).toFixed(1)} s, idle ${(idle / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (percentages are of busy time)`);

  const selfBy = (key) => {
    const m = new Map();
    for (const [id, t] of selfUs) {
      const cf = nodes.get(id).callFrame;
      if (cf.functionName === "(idle)") continue;
      const k = key(cf);
      m.set(k, (m.get(k) ?? 0) + t);
    }
    return [...m].sort((a, b) => b[1] - a[1]);
  };
  console.log(`\n## self time by package / folder`);
  for (const [k, t] of selfBy(bucket).slice(0, 25)) console.log(`${pct(t).padStart(6)}  ${k}`);
  console.log(`\n## self time by function (top ${TOP})`);
  for (const [k, t] of selfBy(label).slice(0, TOP)) console.log(`${pct(t).padStart(6)}  ${k}`);

  // Inclusive time: each sample counts once for every distinct function on its stack.
  const inclusive = new Map();
  for (const [id, t] of selfUs) {
    if (nodes.get(id).callFrame.functionName === "(idle)") continue;
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = label(nodes.get(cur).callFrame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + t);
    }
  }
  const re = opt.match ? new RegExp(opt.match) : null;
  console.log(`\n## inclusive time by function (top ${TOP}${re ? `, matching ${re}` : ""})`);
  for (const [k, t] of [...inclusive].filter(([k]) => !re || re.test(k)).sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    console.log(`${pct(t).padStart(6)}  ${k}`);
  }
}
