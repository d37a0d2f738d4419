// Identity (API.md 2.4): which person each distinct id belongs to, and how
// identify and alias join them. Runs inside the writer's transaction, before the
// group's events are inserted, so every event gets its person's final id.
import type { Transaction } from "kysely";
import type { DatabaseKind } from "../config";
import type { HotTables } from "../db/tables";
import type { NormalizedMessage } from "../ingest/normalize";
import { jsonColumn } from "../query/json";
import { rowsByKeys } from "../store/keyLookup";
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

  private async createPerson(ts: number): Promise<number> {
    const row = await this.tx
      .insertInto("persons")
      .values({ project_id: this.projectId, properties: "{}", created_at: ts, updated_at: ts })
      .returning("id")
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  private async map(distinctId: string, personId: number, isUserId: boolean, ts: number): Promise<void> {
    await this.tx
      .insertInto("person_distinct_ids")
      .values({ project_id: this.projectId, distinct_id: distinctId, person_id: personId, is_user_id: isUserId ? 1 : 0, created_at: ts })
      .execute();
    this.personOf.set(distinctId, personId);
    if (isUserId) this.identified.set(personId, true);
  }

  /** The person of one distinct id, created on first sight. */
  async ensure(distinctId: string, isUserId: boolean, ts: number): Promise<number> {
    const known = this.personOf.get(distinctId);
    if (known !== undefined) return known;
    const personId = await this.createPerson(ts);
    await this.map(distinctId, personId, isUserId, ts);
    return personId;
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
      const personId = await this.createPerson(ts);
      await this.map(userId, personId, true, ts);
      await this.map(otherId, personId, false, ts);
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
 * Resolves (creating and merging as the messages say) the person of every
 * message of one project, applies their person-property updates, and returns
 * distinct id -> person id for the events about to be inserted.
 */
export async function resolveIdentities(tx: Tx, kind: DatabaseKind, projectId: string, messages: NormalizedMessage[]): Promise<Map<string, number>> {
  const resolver = new IdentityResolver(tx, kind, projectId);
  await resolver.load(messages.flatMap((m) => [m.userId, m.anonymousId, m.previousId].filter((id): id is string => Boolean(id))));

  for (const m of messages) {
    if (m.type === "identify" && m.userId && m.anonymousId && m.userId !== m.anonymousId) {
      await resolver.link(m.anonymousId, m.userId, m.ts, false);
    } else if (m.type === "alias" && m.userId && m.previousId && m.userId !== m.previousId) {
      await resolver.link(m.previousId, m.userId, m.ts, true);
    }
    if (m.anonymousId) await resolver.ensure(m.anonymousId, false, m.ts);
    if (m.userId) await resolver.ensure(m.userId, true, m.ts);
  }

  const personOf = new Map<string, number>();
  for (const m of messages) personOf.set(m.distinctId, resolver.personFor(m.distinctId));
  await applyPersonUpdates(tx, messages, personOf);
  return personOf;
}
