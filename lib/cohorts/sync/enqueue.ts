// After a cohort is computed, each of its destinations gets the deliveries that
// bring it up to date: every member the first time, then what changed since
// the membership it has been sent. The deliveries and the new synced snapshot
// are written in one transaction, so a crash either stores both or neither; if
// this step fails, nothing is lost: the next computation diffs against the same
// snapshot and carries the change.
import { connections, type Prisma as PrismaClient } from "../../db";
import { reportContext } from "../../query/context";
import { usersByPersonIds } from "../../query/users";
import { allCohortMemberIds, personIdsOfDistinctIds } from "../../store/cohorts";
import { buildBodies, diffMembership, entryCount, type SyncChange, type SyncEntry } from "./payload";
import { serially } from "./serial";

/** Persons looked up per statement (keeps `IN (...)` lists under both databases' parameter limits). */
const LOOKUP_CHUNK = 1000;
/** Rows written per statement. */
const WRITE_CHUNK = 500;
/** Delivered deliveries kept per destination: the page lists the latest, older ones would only take room. */
const KEPT_DELIVERED = 100;


/**
 * Stores the deliveries a computation of the cohort calls for, for every
 * destination (or just `onlyDestinationId`, for one just added). Returns how many were stored.
 */
export function enqueueDeliveries(projectId: string, cohortId: string, onlyDestinationId?: string): Promise<number> {
  return serially(`cohort:${cohortId}`, async () => {
    const { prisma } = connections();
    const destinations = await prisma.cohortDestination.findMany({
      where: { cohortId, projectId, ...(onlyDestinationId ? { id: onlyDestinationId } : {}) },
      select: { id: true },
      orderBy: { createdAt: "asc" },
    });
    if (!destinations.length) return 0;
    const cohort = await prisma.cohort.findFirst({ where: { id: cohortId, projectId }, select: { id: true, name: true, computedAt: true, project: { select: { timezone: true } } } });
    if (!cohort?.computedAt) return 0;
    const entries = await describePersons(projectId, cohort.project.timezone, await allCohortMemberIds(connections().db, cohortId));
    let stored = 0;
    for (const destination of destinations) {
      stored += await enqueueFor(prisma, destination.id, { id: cohort.id, name: cohort.name }, cohort.computedAt, entries, projectId, cohort.project.timezone);
    }
    return stored;
  });
}

async function enqueueFor(prisma: PrismaClient, destinationId: string, cohort: { id: string; name: string }, computedAt: Date, current: SyncEntry[], projectId: string, timezone: string): Promise<number> {
  const firstDelivery = (await prisma.cohortDelivery.count({ where: { destinationId } })) === 0;
  const synced = new Set((await prisma.cohortSyncedMember.findMany({ where: { destinationId }, select: { distinctId: true } })).map((r) => r.distinctId));
  let change: SyncChange;
  if (firstDelivery) {
    change = { action: "members", members: current };
  } else {
    const currentIds = new Set(current.map((e) => e.distinctId));
    const gone = [...synced].filter((id) => !currentIds.has(id));
    const known = await describeDistinctIds(projectId, timezone, gone);
    const { added, removed } = diffMembership(synced, current, (id) => known.get(id));
    if (!added.length && !removed.length) return 0;
    change = { action: "changes", added, removed };
  }
  const bodies = buildBodies(cohort, computedAt, change);
  const now = new Date();
  const addedIds = change.action === "members" ? change.members.map((e) => e.distinctId) : change.added.map((e) => e.distinctId);
  const removedIds = change.action === "members" ? [...synced] : change.removed.map((e) => e.distinctId);
  await prisma.$transaction(async (tx) => {
    await tx.cohortDelivery.createMany({
      data: bodies.map((body, i) => ({
        destinationId,
        computedAt,
        action: body.action,
        part: i + 1,
        parts: bodies.length,
        entries: entryCount(body),
        body: JSON.stringify(body),
        status: "pending",
        nextAttemptAt: now,
      })),
    });
    for (let i = 0; i < removedIds.length; i += WRITE_CHUNK) {
      await tx.cohortSyncedMember.deleteMany({ where: { destinationId, distinctId: { in: removedIds.slice(i, i + WRITE_CHUNK) } } });
    }
    for (let i = 0; i < addedIds.length; i += WRITE_CHUNK) {
      await tx.cohortSyncedMember.createMany({ data: addedIds.slice(i, i + WRITE_CHUNK).map((distinctId) => ({ destinationId, distinctId })) });
    }
  });
  await pruneDelivered(prisma, destinationId);
  return bodies.length;
}

/** Drops all but the latest KEPT_DELIVERED delivered deliveries (their bodies are already gone; only the record is). */
async function pruneDelivered(prisma: PrismaClient, destinationId: string): Promise<void> {
  const oldestKept = await prisma.cohortDelivery.findFirst({ where: { destinationId, status: "delivered" }, orderBy: { id: "desc" }, skip: KEPT_DELIVERED - 1, select: { id: true } });
  if (oldestKept) await prisma.cohortDelivery.deleteMany({ where: { destinationId, status: "delivered", id: { lt: oldestKept.id } } });
}

/** Persons as a receiver sees them, in the order given. */
async function describePersons(projectId: string, timezone: string, personIds: number[]): Promise<SyncEntry[]> {
  const ctx = reportContext({ id: projectId, timezone });
  const out: SyncEntry[] = [];
  for (let i = 0; i < personIds.length; i += LOOKUP_CHUNK) {
    for (const user of await usersByPersonIds(ctx, personIds.slice(i, i + LOOKUP_CHUNK))) {
      out.push({ distinctId: user.id, distinctIds: user.distinctIds, properties: user.properties });
    }
  }
  return out;
}

/** Who the distinct ids of former members belong to now, for those the project still knows. */
async function describeDistinctIds(projectId: string, timezone: string, distinctIds: string[]): Promise<Map<string, SyncEntry>> {
  const out = new Map<string, SyncEntry>();
  if (!distinctIds.length) return out;
  const persons = await personIdsOfDistinctIds(connections().db, projectId, distinctIds);
  const entries = await describePersons(projectId, timezone, [...new Set(persons.values())]);
  const byDistinctId = new Map(entries.flatMap((e) => e.distinctIds.map((id): [string, SyncEntry] => [id, e])));
  for (const id of distinctIds) {
    const entry = byDistinctId.get(id);
    if (entry) out.set(id, entry);
  }
  return out;
}
