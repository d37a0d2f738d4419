// Prisma CLI configuration (generate, migrate diff). Crumbtrail applies its
// migrations itself at start (lib/db/migrate.ts); the CLI is for authoring them.
// The database kind follows DATABASE_URL, as at run time.
import path from "node:path";
import { config as loadDotenv } from "dotenv";
import { defineConfig } from "prisma/config";

loadDotenv({ quiet: true });

const url = process.env.DATABASE_URL ?? "file:./data/crumbtrail.db";
const provider = /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", provider),
  async adapter() {
    if (provider === "postgres") {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: url });
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url });
  },
});
