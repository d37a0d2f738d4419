// "Build if needed": the production build is redone only when the sources it
// was made from changed. A fingerprint of those files is kept next to it.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "public", "proxy.ts", "instrumentation.ts", "next.config.js", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const STAMP = path.join(".next", "crumbtrail-build-fingerprint");

function* files(entry: string): Generator<string> {
  if (!fs.existsSync(entry)) return;
  if (fs.statSync(entry).isFile()) {
    yield entry;
    return;
  }
  for (const child of fs.readdirSync(entry).sort()) yield* files(path.join(entry, child));
}

export function sourceFingerprint(): string {
  const hash = crypto.createHash("sha256");
  for (const source of SOURCES) {
    for (const file of files(source)) {
      hash.update(file).update("\0").update(fs.readFileSync(file)).update("\0");
    }
  }
  return hash.digest("hex");
}

export function buildIsCurrent(): boolean {
  return fs.existsSync(path.join(".next", "BUILD_ID")) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, "utf8") === sourceFingerprint();
}

/**
 * `next build` as a child in its own process group. A SIGTERM or SIGINT to us
 * while it runs stops the whole build too (rather than leaving it writing
 * .next with nobody waiting), and rejects.
 */
function nextBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next"), "build"], {
      stdio: "inherit",
      env: process.env,
      detached: true,
    });
    const signals = ["SIGTERM", "SIGINT", "SIGHUP"] as const;
    const forward = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    for (const signal of signals) process.on(signal, forward);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      for (const s of signals) process.off(s, forward);
      if (code === 0) resolve();
      else reject(new Error(signal ? `next build was stopped (${signal})` : "next build failed (see the output above)"));
    });
  });
}

/** Runs `next build` unless the existing build matches the sources. Resolves with whether it built. */
export async function buildIfNeeded(log: (line: string) => void): Promise<boolean> {
  if (buildIsCurrent()) return false;
  // Taken before building: if a source changes during the build, the next start rebuilds.
  const fingerprint = sourceFingerprint();
  log("Building the dashboard (first start, or the sources changed)...");
  await nextBuild();
  fs.writeFileSync(STAMP, fingerprint);
  return true;
}
