// The command line (API.md section 4). Every command prints one clear line on
// error and exits non-zero.
import { parseArgs } from "node:util";
import { z } from "zod";
import { AccountError, changePassword, createUser, emailSchema } from "../auth/accounts";
import { config, ConfigError } from "../config";
import { closeConnections, connections } from "../db";
import { migrate } from "../db/migrate";
import { tolerateClosedOutput } from "../runtime/outputGuard";
import { createProject, createSecretKeyFor, ProjectError } from "../projects";
import { purgeExpiredEvents, purgeSummaryLines, RetentionError } from "../retention";
import { ClickHouseError } from "../store/clickhouse/client";
import { clickHouseBackfill, clickHouseMigrate } from "./clickhouse";
import { importFile, summaryLine } from "./import";
import { planCheck, planPull, planPush, sinceInstant } from "./plan";
import { CliError, errorLine, fail, say } from "./output";
import { seedDemoCommand } from "./seedDemo";
import { serve } from "./serve";

const USAGE = `Usage: crumbtrail <command> [options]

Commands:
  start                                   migrate, build if needed, serve on $PORT (default 3000)
  dev                                     migrate and run the development server
  migrate                                 bring the database in DATABASE_URL up to date
  user:create --email E --password P [--name N]
  user:password --email E --password P    set a new password (signs that user out everywhere)
  project:create --owner E --name N [--timezone Area/City] [--json]
  import --project ID --file F            store Segment-spec messages, one JSON a line (idempotent)
  seed:demo --project ID [--users N] [--days D] [--seed S]
                                          realistic demo web-shop traffic (default 500 users, 30 days)
  purge [--project ID] [--dry-run]        delete events older than each project's retention period
  plan:pull --project ID --file F [--segment]
                                          write the project's tracking plan to a file
  plan:push --project ID --file F [--segment]
                                          save a file as the project's tracking plan
  plan:check --project ID --since 1h      print the plan's violations since then; exit 1 if any`;

type Flags = Record<string, string | boolean | undefined>;

function flags(args: string[], spec: Record<string, "string" | "boolean">): Flags {
  try {
    const { values } = parseArgs({
      args,
      options: Object.fromEntries(Object.entries(spec).map(([name, type]) => [name, { type }])),
      strict: true,
      allowPositionals: false,
    });
    return values as Flags;
  } catch (error) {
    return fail((error as Error).message.split("\n")[0]);
  }
}

function required(values: Flags, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || !value.trim()) fail(`--${name} is required`);
  return value;
}

const commands: Record<string, (args: string[]) => Promise<number | void>> = {
  start: () => serve("start"),
  dev: () => serve("dev"),

  async migrate(args) {
    flags(args, {});
    const result = await migrate(config(), (name) => say(`Applying migration ${name}...`));
    say(
      result.applied.length
        ? `Applied ${result.applied.length} migration(s): ${result.applied.join(", ")}. The database is up to date.`
        : `The database is up to date (${result.total} migration(s) applied earlier).`,
    );
  },

  async "user:create"(args) {
    const values = flags(args, { email: "string", password: "string", name: "string" });
    await migrate(config());
    const user = await createUser({
      email: required(values, "email"),
      password: required(values, "password"),
      name: typeof values.name === "string" ? values.name : undefined,
    });
    say(`Created user ${user.email} (${user.id}).`);
  },

  async "user:password"(args) {
    const values = flags(args, { email: "string", password: "string" });
    await migrate(config());
    const email = emailSchema.safeParse(required(values, "email"));
    const user = email.success ? await connections().prisma.user.findUnique({ where: { email: email.data }, select: { id: true, email: true } }) : null;
    if (!user) fail(`no user has the email ${values.email}`);
    await changePassword(user.id, required(values, "password"));
    say(`Set a new password for ${user.email}; their sessions have ended.`);
  },

  async "project:create"(args) {
    const values = flags(args, { owner: "string", name: "string", timezone: "string", json: "boolean" });
    await migrate(config());
    const ownerEmail = z.email().safeParse(required(values, "owner").trim().toLowerCase());
    if (!ownerEmail.success) fail("--owner must be an email address");
    const owner = await connections().prisma.user.findUnique({ where: { email: ownerEmail.data } });
    if (!owner) fail(`no user with email ${ownerEmail.data}: create one with user:create first`);
    const project = await createProject(owner.id, {
      name: required(values, "name"),
      timezone: typeof values.timezone === "string" ? values.timezone : "UTC",
    });
    const secret = await createSecretKeyFor(project.id, "Created by project:create", owner.id);
    if (values.json) {
      say(JSON.stringify({ projectId: project.id, writeKey: project.writeKey, secretKey: secret.key }));
    } else {
      say(`Created project “${project.name}” (${project.id}).`);
      say(`Write key:  ${project.writeKey}`);
      say(`Secret key: ${secret.key}   (shown once: keep it somewhere safe)`);
    }
  },

  async import(args) {
    const values = flags(args, { project: "string", file: "string" });
    const projectId = required(values, "project");
    const file = required(values, "file");
    await migrate(config());
    say(summaryLine(await importFile({ projectId, file })));
  },

  async "seed:demo"(args) {
    const values = flags(args, { project: "string", users: "string", days: "string", seed: "string" });
    const projectId = required(values, "project");
    await migrate(config());
    say(summaryLine(await seedDemoCommand({ projectId, users: values.users, days: values.days, seed: values.seed })));
  },

  async purge(args) {
    const values = flags(args, { project: "string", "dry-run": "boolean" });
    await migrate(config());
    const summary = await purgeExpiredEvents({
      projectId: typeof values.project === "string" ? required(values, "project").trim() : undefined,
      dryRun: values["dry-run"] === true,
    });
    for (const line of purgeSummaryLines(summary)) say(line);
  },

  async "plan:pull"(args) {
    const values = flags(args, { project: "string", file: "string", segment: "boolean" });
    const projectId = required(values, "project").trim();
    const file = required(values, "file");
    await migrate(config());
    await planPull(projectId, file, values.segment === true);
  },

  async "plan:push"(args) {
    const values = flags(args, { project: "string", file: "string", segment: "boolean" });
    const projectId = required(values, "project").trim();
    const file = required(values, "file");
    await migrate(config());
    await planPush(projectId, file, values.segment === true);
  },

  async "clickhouse:migrate"(args) {
    flags(args, {});
    await clickHouseMigrate();
  },

  async "clickhouse:backfill"(args) {
    const values = flags(args, { project: "string", batch: "string", batches: "string" });
    const projectId = required(values, "project").trim();
    await migrate(config());
    await clickHouseBackfill({
      projectId,
      batch: typeof values.batch === "string" ? values.batch : undefined,
      batches: typeof values.batches === "string" ? values.batches : undefined,
    });
  },

  async "plan:check"(args) {
    const values = flags(args, { project: "string", since: "string" });
    const projectId = required(values, "project").trim();
    const since = sinceInstant(required(values, "since"));
    await migrate(config());
    return planCheck(projectId, since);
  },
};

export async function main(argv: string[]): Promise<number> {
  // `crumbtrail import ... | head` or a stopped log pipe must not crash or spin a command.
  tolerateClosedOutput();
  const [command, ...args] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    say(USAGE);
    return command ? 0 : 1;
  }
  const run = commands[command];
  if (!run) {
    process.stderr.write(`crumbtrail: unknown command "${command}" (run crumbtrail --help)\n`);
    return 1;
  }
  try {
    return (await run(args)) ?? 0;
  } catch (error) {
    const known = error instanceof CliError || error instanceof ConfigError || error instanceof AccountError || error instanceof ProjectError || error instanceof RetentionError || error instanceof ClickHouseError;
    process.stderr.write(`crumbtrail: error: ${errorLine(error, known)}\n`);
    return 1;
  } finally {
    await closeConnections().catch(() => {});
  }
}
