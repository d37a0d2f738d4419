// The bodies a cohort destination receives (API.md 5): the whole membership
// the first time ("members"), then only what changed ("changes"), at most
// MAX_ENTRIES_PER_REQUEST entries a request. Pure: the caller decides what
// changed and stores the bodies; this only shapes and splits them.
import { chunks } from "../../store/chunks";

/** Most entries (members, or added plus removed) one request carries. */
export const MAX_ENTRIES_PER_REQUEST = 1000;

/** One person as a receiver sees them. */
export interface SyncEntry {
  /** The id the receiver keys on (the person's public id: their user id once identified). */
  distinctId: string;
  distinctIds: string[];
  properties: Record<string, unknown>;
}

export interface SyncedCohort {
  id: string;
  name: string;
}

export type SyncChange = { action: "members"; members: SyncEntry[] } | { action: "changes"; added: SyncEntry[]; removed: SyncEntry[] };

export type SyncBody =
  | { cohort: SyncedCohort; computedAt: string; action: "members"; members: SyncEntry[] }
  | { cohort: SyncedCohort; computedAt: string; action: "changes"; added: SyncEntry[]; removed: SyncEntry[] };

/**
 * The request bodies for one computation, in the order they must arrive. A
 * full list is always sent, even empty (the receiver learns the cohort is
 * empty); an empty change gives no request at all.
 */
export function buildBodies(cohort: SyncedCohort, computedAt: Date, change: SyncChange, perRequest = MAX_ENTRIES_PER_REQUEST): SyncBody[] {
  const head = { cohort: { id: cohort.id, name: cohort.name }, computedAt: computedAt.toISOString() };
  if (change.action === "members") {
    const parts = chunks(change.members, perRequest);
    return (parts.length ? parts : [[]]).map((members) => ({ ...head, action: "members", members }));
  }
  // Additions fill the requests first, removals follow: each request carries
  // both keys so a receiver never has to test for one.
  const tagged = [...change.added.map((e) => ({ e, added: true })), ...change.removed.map((e) => ({ e, added: false }))];
  return chunks(tagged, perRequest).map((part) => ({
    ...head,
    action: "changes",
    added: part.filter((t) => t.added).map((t) => t.e),
    removed: part.filter((t) => !t.added).map((t) => t.e),
  }));
}

/** Entries in one body. */
export function entryCount(body: SyncBody): number {
  return body.action === "members" ? body.members.length : body.added.length + body.removed.length;
}

/**
 * What changed between what a destination was last sent (`synced`, by
 * distinct id) and the current members. Someone no longer a member is
 * described by `lookupRemoved` when still known, else by their id alone
 * (erased, or merged into someone with another id).
 */
export function diffMembership(synced: ReadonlySet<string>, current: SyncEntry[], removedEntry: (distinctId: string) => SyncEntry | undefined): { added: SyncEntry[]; removed: SyncEntry[] } {
  const currentIds = new Set(current.map((e) => e.distinctId));
  const added = current.filter((e) => !synced.has(e.distinctId));
  const removed = [...synced]
    .filter((id) => !currentIds.has(id))
    .sort()
    .map((id) => {
      const known = removedEntry(id);
      return known ? { ...known, distinctId: id } : { distinctId: id, distinctIds: [id], properties: {} };
    });
  return { added, removed };
}
