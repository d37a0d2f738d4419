// Erasing a person (a GDPR request): their events under every distinct id,
// their ids, their person row, and what they added to the catalog's counts.
import { sql } from "kysely";
import { connections } from "../db";
import { jsonColumn } from "../query/json";
import { inferType } from "./catalog";

export async function erasePerson(projectId: string, personId: number): Promise<{ deletedEvents: number }> {
  const { db } = connections();
  return db.transaction().execute(async (tx) => {
    const events = await tx.selectFrom("events").select(["event", "properties"]).where("project_id", "=", projectId).where("person_id", "=", personId).execute();

    const perEvent = new Map<string, number>();
    const perProperty = new Map<string, { event: string; name: string; count: number }>();
    for (const e of events) {
      perEvent.set(e.event, (perEvent.get(e.event) ?? 0) + 1);
      for (const [name, value] of Object.entries(jsonColumn(e.properties))) {
        if (!inferType(value)) continue;
        const key = `${e.event}\u0000${name}`;
        const entry = perProperty.get(key) ?? { event: e.event, name, count: 0 };
        entry.count += 1;
        perProperty.set(key, entry);
      }
    }
    for (const [name, count] of perEvent) {
      await tx
        .updateTable("event_definitions")
        .set({ count: sql<number>`count - ${count}` })
        .where("project_id", "=", projectId)
        .where("name", "=", name)
        .execute();
    }
    for (const p of perProperty.values()) {
      await tx
        .updateTable("property_definitions")
        .set({ count: sql<number>`count - ${p.count}` })
        .where("project_id", "=", projectId)
        .where("scope", "=", "event")
        .where("event_name", "=", p.event)
        .where("name", "=", p.name)
        .execute();
    }
    // What nobody sends any more leaves the catalog.
    await tx.deleteFrom("event_definitions").where("project_id", "=", projectId).where("count", "<=", 0).execute();
    await tx.deleteFrom("property_definitions").where("project_id", "=", projectId).where("count", "<=", 0).execute();

    const deleted = await tx.deleteFrom("events").where("project_id", "=", projectId).where("person_id", "=", personId).executeTakeFirst();
    await tx.deleteFrom("person_distinct_ids").where("project_id", "=", projectId).where("person_id", "=", personId).execute();
    await tx.deleteFrom("persons").where("project_id", "=", projectId).where("id", "=", personId).execute();
    return { deletedEvents: Number(deleted.numDeletedRows) };
  });
}
