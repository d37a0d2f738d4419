// Run-time configuration, read once from the environment (API.md section 4).
// Every variable is optional: with none set, Crumbtrail runs on SQLite under ./data.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { trustedProxies } from "./server/clientAddress";

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: or postgres://")
    .default("file:./data/crumbtrail.db"),
  DATA_DIR: z.string().min(1).default("./data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  AUTH_SECRET: z.string().min(16).optional(),
  /** How long one report may run before it is stopped with a clear error. */
  REPORT_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(30),
  /** Shares one big report runs in at once (SQLite: threads; PostgreSQL: connections); 1 keeps every report in one piece. */
  REPORT_THREADS: z.coerce.number().int().min(1).max(2).optional(),
  /** A report splits its persons in shares only above this many persons seen in its range. */
  REPORT_SPLIT_MIN_PERSONS: z.coerce.number().int().min(2).default(5000),
  /** How a trends series filtered to a cohort reads its events (lib/query/membersFirst.ts): chosen per statement, or pinned. */
  REPORT_COHORT_READ: z.enum(["auto", "members", "range"]).default("auto"),
  GITHUB_ID: z.string().min(1).optional(),
  GITHUB_SECRET: z.string().min(1).optional(),
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  /** Proxies whose X-Forwarded-For is believed for the client's address (lib/server/clientAddress.ts). */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .refine(
      (value) => {
        try {
          trustedProxies(value);
          return true;
        } catch {
          return false;
        }
      },
      { message: "must be a comma-separated list of IP addresses, CIDR ranges, or loopback, linklocal, uniquelocal" },
    ),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/\s]+/, "must look like smtp://user:pass@host:587 or smtps://user:pass@host:465")
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, "must be an address such as crumbtrail@example.com or Crumbtrail <crumbtrail@example.com>")
    .optional(),
});

export type DatabaseKind = "sqlite" | "postgres";

export interface AppConfig {
  databaseUrl: string;
  databaseKind: DatabaseKind;
  /** Absolute path of the SQLite file, when databaseKind is "sqlite". */
  sqlitePath: string | null;
  dataDir: string;
  port: number;
  authSecret: string | undefined;
  reportTimeoutSeconds: number;
  /** 1 or 2: see REPORT_THREADS (default: 2 when the machine has 2 CPUs or more). */
  reportThreads: number;
  reportSplitMinPersons: number;
  reportCohortRead: "auto" | "members" | "range";
  github: { clientId: string; clientSecret: string } | null;
  google: { clientId: string; clientSecret: string } | null;
  /** TRUSTED_PROXIES as set (lib/server/clientAddress.ts); undefined trusts no proxy. */
  trustedProxies: string | undefined;
  /** Outgoing mail (invitations); null sends none: links are copied by hand. */
  smtp: { url: string; from: string } | null;
}

export class ConfigError extends Error {}

function emptyToUndefined(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === "" ? undefined : v]));
}

export function readConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(emptyToUndefined(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${issue.path.join(".")}: ${issue.message}`);
  }
  const e = parsed.data;
  if (Boolean(e.SMTP_URL) !== Boolean(e.MAIL_FROM)) {
    throw new ConfigError(e.SMTP_URL ? "MAIL_FROM: set it too when SMTP_URL is set" : "SMTP_URL: set it too when MAIL_FROM is set");
  }
  const databaseKind: DatabaseKind = e.DATABASE_URL.startsWith("file:") ? "sqlite" : "postgres";
  return {
    databaseUrl: e.DATABASE_URL,
    databaseKind,
    sqlitePath: databaseKind === "sqlite" ? path.resolve(e.DATABASE_URL.slice("file:".length)) : null,
    dataDir: path.resolve(e.DATA_DIR),
    port: e.PORT,
    authSecret: e.AUTH_SECRET,
    reportTimeoutSeconds: e.REPORT_TIMEOUT_SECONDS,
    reportThreads: e.REPORT_THREADS ?? Math.min(2, os.availableParallelism()),
    reportSplitMinPersons: e.REPORT_SPLIT_MIN_PERSONS,
    reportCohortRead: e.REPORT_COHORT_READ,
    github: e.GITHUB_ID && e.GITHUB_SECRET ? { clientId: e.GITHUB_ID, clientSecret: e.GITHUB_SECRET } : null,
    google:
      e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET
        ? { clientId: e.GOOGLE_CLIENT_ID, clientSecret: e.GOOGLE_CLIENT_SECRET }
        : null,
    trustedProxies: e.TRUSTED_PROXIES,
    smtp: e.SMTP_URL && e.MAIL_FROM ? { url: e.SMTP_URL, from: e.MAIL_FROM } : null,
  };
}

let cached: AppConfig | null = null;

/** The process's configuration; read on first use. */
export function config(): AppConfig {
  cached ??= readConfig();
  return cached;
}

/** Makes sure the data folder (and the SQLite file's folder) exist. */
export function ensureDataDirs(cfg: AppConfig = config()): void {
  fs.mkdirSync(cfg.dataDir, { recursive: true });
  if (cfg.sqlitePath) fs.mkdirSync(path.dirname(cfg.sqlitePath), { recursive: true });
}
