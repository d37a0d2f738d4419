// Identity (API.md 2.4): which person each distinct id belongs to, and how
// identify and alias join them. Runs inside the writer's transaction, before the
// group's events are inserted, so every event gets its person's final id.
import type { Transaction } from "kysely";
import type { DatabaseKind } from "../config";
import type { HotTables } from "../db/tables";
import type { NormalizedMessage } from "../ingest/normalize";
import { jsonColumn } from "../query/json";
import { rowsByKeys } from "../store/keyLookup";
import { moveCohortMemberships } from "../store/cohortMembers";
import { createPersons, mapDistinctId, type NewPerson } from "../store/personRows";
import { applyPersonUpdates } from "./personProperties";

type Tx = Transaction<HotTables>;

class IdentityResolver {
  private readonly personOf = new Map<string, number>();
  private readonly identified = new Map<number, boolean>();

  constructor(
    private readonly tx: Tx,
    private readonly kind: DatabaseKind,
    private readonly projectId: string,
  ) {}

  async load(ids: string[]): Promise<void> {
    const rows = await rowsByKeys(this.tx, this.kind, "person_distinct_ids", this.projectId, ids, ["distinct_id", "person_id"]);
    for (const row of rows) this.personOf.set(row.distinct_id, Number(row.person_id));
  }

  personFor(distinctId: string): number {
    const id = this.personOf.get(distinctId);
    if (id === undefined) throw new Error(`distinct id ${distinctId} was not resolved`);
    return id;
  }

  /** Creates persons, each with the distinct ids first seen for them. */
  async create(persons: NewPerson[]): Promise<number[]> {
    const ids = await createPersons(this.tx, this.kind, this.projectId, persons);
    persons.forEach((person, i) => {
      for (const { distinctId, isUserId } of person.distinctIds) this.remember(distinctId, ids[i], isUserId);
    });
    return ids;
  }

  private async map(distinctId: string, personId: number, isUserId: boolean, ts: number): Promise<void> {
    await mapDistinctId(this.tx, this.projectId, distinctId, personId, isUserId, ts);
    this.remember(distinctId, personId, isUserId);
  }

  private remember(distinctId: string, personId: number, isUserId: boolean): void {
    this.personOf.set(distinctId, personId);
    if (isUserId) this.identified.set(personId, true);
  }

  /** The person of one distinct id, created on first sight. */
  async ensure(distinctId: string, isUserId: boolean, ts: number): Promise<number> {
    const known = this.personOf.get(distinctId);
    if (known !== undefined) return known;
    const [personId] = await this.create([{ ts, distinctIds: [{ distinctId, isUserId }] }]);
    return personId;
  }

  /**
   * Creates at once the persons of the distinct ids that no identify or alias
   * of `messages` names and that are not known yet: what ensure() would do for
   * them message by message, in one go. The linked ids are left to the message
   * loop, whose outcome depends on the order; the others' persons are touched
   * by nothing else in the group.
   */
  async createUnlinked(messages: NormalizedMessage[]): Promise<void> {
    const linked = new Set(messages.flatMap((m) => linkOf(m)?.ids ?? []));
    const firstSeen = new Map<string, NewPerson>();
    for (const m of messages) {
      // The order ensure() sees them in: a message's anonymousId before its userId.
      for (const [distinctId, isUserId] of [
        [m.anonymousId, false],
        [m.userId, true],
      ] as const) {
        if (!distinctId || linked.has(distinctId) || this.personOf.has(distinctId) || firstSeen.has(distinctId)) continue;
        firstSeen.set(distinctId, { ts: m.ts, distinctIds: [{ distinctId, isUserId }] });
      }
    }
    await this.create([...firstSeen.values()]);
  }

  private async isIdentified(personId: number): Promise<boolean> {
    const cached = this.identified.get(personId);
    if (cached !== undefined) return cached;
    const row = await this.tx
      .selectFrom("person_distinct_ids")
      .select("distinct_id")
      .where("project_id", "=", this.projectId)
      .where("person_id", "=", personId)
      .where("is_user_id", "=", 1)
      .limit(1)
      .executeTakeFirst();
    this.identified.set(personId, Boolean(row));
    return Boolean(row);
  }

  /**
   * Joins `otherId` (an anonymousId, or alias's previousId) to the person of `userId`.
   * identify never merges two persons that both already have a userId; alias may.
   */
  async link(otherId: string, userId: string, ts: number, mayMergeIdentified: boolean): Promise<void> {
    const userPerson = this.personOf.get(userId);
    const otherPerson = this.personOf.get(otherId);
    if (userPerson === undefined && otherPerson === undefined) {
      await this.create([
        {
          ts,
          distinctIds: [
            { distinctId: userId, isUserId: true },
            { distinctId: otherId, isUserId: false },
          ],
        },
      ]);
    } else if (otherPerson === undefined) {
      await this.map(otherId, userPerson!, false, ts);
    } else if (userPerson === undefined) {
      // A device already signed in as someone else: the new user is a new person
      // (a shared computer must not turn Bob into Alice). alias may still join them.
      if (!mayMergeIdentified && (await this.isIdentified(otherPerson))) {
        await this.ensure(userId, true, ts);
        return;
      }
      await this.map(userId, otherPerson, true, ts);
    } else if (userPerson !== otherPerson) {
      if (!mayMergeIdentified && (await this.isIdentified(otherPerson))) return;
      await this.merge(otherPerson, userPerson, ts);
    }
  }

  /**
   * Merges two persons. The one with fewer events is re-pointed (cheaper); the
   * user's person's properties win over the other's either way.
   */
  private async merge(otherPerson: number, userPerson: number, ts: number): Promise<void> {
    const rows = await this.tx
      .selectFrom("persons")
      .select(["id", "properties", "created_at", "event_count", "first_seen", "last_seen"])
      .where("id", "in", [userPerson, otherPerson])
      .execute();
    const row = (id: number) => rows.find((p) => Number(p.id) === id)!;
    const [keep, drop] = Number(row(userPerson).event_count) >= Number(row(otherPerson).event_count) ? [userPerson, otherPerson] : [otherPerson, userPerson];
    const merged = { ...jsonColumn(row(otherPerson).properties), ...jsonColumn(row(userPerson).properties) };
    const seen = rows.map((p) => [p.first_seen, p.last_seen]).flat().filter((v): v is number => v !== null).map(Number);

    await this.tx.updateTable("person_distinct_ids").set({ person_id: keep }).where("project_id", "=", this.projectId).where("person_id", "=", drop).execute();
    await this.tx.updateTable("events").set({ person_id: keep }).where("project_id", "=", this.projectId).where("person_id", "=", drop).execute();
    await moveCohortMemberships(this.tx, this.projectId, drop, keep);
    await this.tx
      .updateTable("persons")
      .set({
        properties: JSON.stringify(merged),
        created_at: Math.min(...rows.map((p) => Number(p.created_at))),
        updated_at: ts,
        event_count: rows.reduce((sum, p) => sum + Number(p.event_count), 0),
        first_seen: seen.length ? Math.min(...seen) : null,
        last_seen: seen.length ? Math.max(...seen) : null,
      })
      .where("id", "=", keep)
      .execute();
    await this.tx.deleteFrom("persons").where("id", "=", drop).execute();

    for (const [distinctId, personId] of this.personOf) {
      if (personId === drop) this.personOf.set(distinctId, keep);
    }
    // The user's person had a userId, so the merged person is identified.
    this.identified.set(keep, true);
    this.identified.delete(drop);
  }
}

/**
 * The two ids an identify or alias joins, if it does: identify joins a device's
 * anonymousId to a userId (never merging two identified persons), alias a
 * previousId (and may). An event a vendor route marked `joinsIds` joins as identify does.
 */
function linkOf(m: NormalizedMessage): { otherId: string; userId: string; mayMergeIdentified: boolean; ids: string[] } | null {
  if ((m.type === "identify" || m.joinsIds) && m.userId && m.anonymousId && m.userId !== m.anonymousId) {
    return { otherId: m.anonymousId, userId: m.userId, mayMergeIdentified: false, ids: [m.anonymousId, m.userId] };
  }
  if (m.type === "alias" && m.userId && m.previousId && m.userId !== m.previousId) {
    return { otherId: m.previousId, userId: m.userId, mayMergeIdentified: true, ids: [m.previousId, m.userId] };
  }
  return null;
}

/**
 * Resolves (creating and merging as the messages say) the person of every
 * message of one project, applies their person-property updates, and returns
 * distinct id -> person id for the events about to be inserted.
 */
export async function resolveIdentities(tx: Tx, kind: DatabaseKind, projectId: string, messages: NormalizedMessage[]): Promise<Map<string, number>> {
  const resolver = new IdentityResolver(tx, kind, projectId);
  await resolver.load(messages.flatMap((m) => [m.userId, m.anonymousId, m.previousId].filter((id): id is string => Boolean(id))));

  await resolver.createUnlinked(messages);
  for (const m of messages) {
    const link = linkOf(m);
    if (link) await resolver.link(link.otherId, link.userId, m.ts, link.mayMergeIdentified);
    if (m.anonymousId) await resolver.ensure(m.anonymousId, false, m.ts);
    if (m.userId) await resolver.ensure(m.userId, true, m.ts);
  }

  const personOf = new Map<string, number>();
  for (const m of messages) personOf.set(m.distinctId, resolver.personFor(m.distinctId));
  await applyPersonUpdates(tx, kind, messages, personOf);
  return personOf;
}
