// npm run db:migration -- <name>
// Writes one migration per database for the change to prisma/models.prisma since
// the last commit, using Prisma's own schema diff. The Postgres diff needs a
// server to talk to, so a throwaway cluster is started for it.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startCluster } from "./pg-cluster.mjs";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name in snake_case>");
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const previousModels = execFileSync("git", ["show", "HEAD:prisma/models.prisma"], { encoding: "utf8" });

function diff(provider, env) {
  const before = fs.mkdtempSync(path.join(os.tmpdir(), `crumbtrail-${provider}-`));
  fs.copyFileSync(path.join("prisma", provider, "schema.prisma"), path.join(before, "schema.prisma"));
  fs.writeFileSync(path.join(before, "models.prisma"), previousModels);
  const script = execFileSync(
    "npx",
    ["prisma", "migrate", "diff", "--from-schema-datamodel", before, "--to-schema-datamodel", path.join("prisma", provider), "--script"],
    { encoding: "utf8", env: { ...process.env, ...env } },
  );
  fs.rmSync(before, { recursive: true, force: true });
  return script.replace(/^Loaded Prisma config.*\n/m, "").trim();
}

const cluster = await startCluster();
try {
  const scripts = {
    sqlite: diff("sqlite", { DATABASE_URL: `file:${path.join(os.tmpdir(), "crumbtrail-diff.db")}` }),
    postgres: diff("postgres", { DATABASE_URL: cluster.url }),
  };
  if (!scripts.sqlite || scripts.sqlite.includes("This is an empty migration")) {
    console.error("prisma/models.prisma has no change since HEAD: nothing to migrate");
    process.exitCode = 1;
  } else {
    // events and persons have a hand-tuned INTEGER PRIMARY KEY on SQLite that
    // Prisma's table rebuild would drop, and events carries the triggers that
    // keep activity_slots: such a migration must be rewritten with ALTER TABLE
    // by hand.
    if (/CREATE TABLE "new_(events|persons)"/.test(scripts.sqlite)) {
      console.error('warning: the SQLite migration rebuilds "events" or "persons", which would lose their INTEGER PRIMARY KEY (and the activity_slots triggers on events).');
      console.error("         Rewrite it with ALTER TABLE statements (see prisma/sqlite/migrations/*_person_activity).");
      process.exitCode = 2;
    }
    for (const [provider, sql] of Object.entries(scripts)) {
      const dir = path.join("prisma", provider, "migrations", `${stamp}_${name}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "migration.sql"), sql + "\n");
      console.log(`wrote ${dir}/migration.sql`);
    }
  }
} finally {
  cluster.stop();
}
