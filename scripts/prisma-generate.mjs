// postinstall: generate the Prisma client for each supported database.
// Both are generated so one install serves SQLite and PostgreSQL alike.
import { execFileSync } from "node:child_process";

for (const provider of ["sqlite", "postgres"]) {
  execFileSync("npx", ["prisma", "generate", "--no-hints", "--schema", `prisma/${provider}`], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
}
