// lib/db: database connections and migrations. Metadata goes through `prisma`,
// the hot tables through `db` (Kysely); SQL itself lives in lib/store and lib/query.
export { connections, closeConnections, createConnections, type Connections, type Prisma } from "./connections";
export { migrate, readMigrations, type MigrateResult } from "./migrate";
export type { HotTables } from "./tables";
export type { Transaction } from "./connections";
// Model row types, for modules that hand Prisma rows around: both generated
// clients have the same models, typed against one of them (as `Prisma` is).
export type { Board } from "./generated/sqlite/client";
