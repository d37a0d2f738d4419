// `crumbtrail start` and `crumbtrail dev`: migrate, build if needed, then serve
// in this very process (lib/server), so a signal to it is a signal to the
// server, and no child can outlive it.
import { authSecret } from "../auth/secret";
import { config } from "../config";
import { migrate } from "../db/migrate";
import { runServer } from "../server";
import { buildIfNeeded } from "./build";
import { say } from "./output";
import { clickHouseConfig } from "../store/clickhouse/config";

export async function serve(mode: "start" | "dev"): Promise<never> {
  const cfg = config();
  // Mistyped ClickHouse settings stop the start with their one sentence, not the first write.
  const clickHouse = clickHouseConfig();
  if (clickHouse) {
    const { origin, database } = clickHouse.client.target;
    say(`Events are stored in ${cfg.databaseKind} and copied to ClickHouse at ${origin}/${database}; a project's reports read ClickHouse once it holds all of the project's events (Settings says which), ${cfg.databaseKind} until then.`);
  }
  const result = await migrate(cfg, (name) => say(`Applying migration ${name}...`));
  if (result.applied.length) say(`Applied ${result.applied.length} migration(s) to the ${cfg.databaseKind} database.`);
  if (mode === "start") await buildIfNeeded(say);

  // What `next start` and `next dev` would set; React and Next pick their builds by it.
  (process.env as Record<string, string>).NODE_ENV = mode === "dev" ? "development" : "production";
  // Sessions survive restarts without configuration.
  process.env.NEXTAUTH_SECRET = authSecret();
  process.env.NEXTAUTH_URL ??= `http://localhost:${cfg.port}`;

  await runServer({ dev: mode === "dev", port: cfg.port, trustedProxies: cfg.trustedProxies, log: say });
  say(`Crumbtrail is listening on http://localhost:${cfg.port} (${cfg.databaseKind}${cfg.sqlitePath ? `: ${cfg.sqlitePath}` : ""})`);
  // The server runs until a signal stops it (lib/server/gracefulStop.ts exits the process).
  return new Promise<never>(() => {});
}
