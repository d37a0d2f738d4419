// `crumbtrail start` and `crumbtrail dev`: migrate, build if needed, then run
// Next.js in its own process group so stopping us stops it (next-server would
// otherwise keep the port).
import { spawn } from "node:child_process";
import path from "node:path";
import { authSecret } from "../auth/secret";
import { config } from "../config";
import { migrate } from "../db/migrate";
import { buildIfNeeded } from "./build";
import { say } from "./output";

export async function serve(mode: "start" | "dev"): Promise<number> {
  const cfg = config();
  if (process.env.CLICKHOUSE_URL) {
    say(`Note: CLICKHOUSE_URL is set, but ClickHouse storage is not available yet; events go to ${cfg.databaseKind}.`);
  }
  const result = await migrate(cfg, (name) => say(`Applying migration ${name}...`));
  if (result.applied.length) say(`Applied ${result.applied.length} migration(s) to the ${cfg.databaseKind} database.`);
  if (mode === "start") buildIfNeeded(say);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(cfg.port),
    // Shared with the server so sessions survive restarts without configuration.
    NEXTAUTH_SECRET: authSecret(),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${cfg.port}`,
    // The server stops on its own if this process dies without forwarding a signal (lib/cli/launcherWatch.ts).
    CRUMBTRAIL_LAUNCHER_PID: String(process.pid),
  };
  const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [nextBin, mode, "--port", String(cfg.port)], { stdio: "inherit", env, detached: true });
  say(`Crumbtrail is starting on http://localhost:${cfg.port} (${cfg.databaseKind}${cfg.sqlitePath ? `: ${cfg.sqlitePath}` : ""})`);

  const stop = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}
