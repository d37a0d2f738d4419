// The writer's memory of which names each project's catalog already has, for
// the caps of lib/store/catalogCaps.ts: loaded from the catalog once per
// project, then kept current by the writer itself as it adds names, so checking
// a message costs a few set lookups and never a query.
import type { Transaction } from "kysely";
import type { HotTables } from "../db/tables";
import { KnownNames } from "./catalogCaps";

/**
 * Names only ever leave the catalog when events are erased or purged (by
 * other connections); the writer then still counts them. When that would refuse
 * a name, the project's names are read again if they are older than this.
 */
export const RELOAD_AFTER_MS = 60_000;

/** Projects remembered; past it the memory starts over (each project reloads once). */
const MAX_PROJECTS = 5_000;

export class KnownNamesCache {
  private readonly byProject = new Map<string, KnownNames>();

  constructor(private readonly now: () => number = Date.now) {}

  async forProject(tx: Transaction<HotTables>, projectId: string): Promise<KnownNames> {
    return this.byProject.get(projectId) ?? this.load(tx, projectId);
  }

  /** Whether a refusal should be double-checked against the catalog itself. */
  isStale(known: KnownNames): boolean {
    return this.now() - known.loadedAt >= RELOAD_AFTER_MS;
  }

  async load(tx: Transaction<HotTables>, projectId: string): Promise<KnownNames> {
    const known = new KnownNames(this.now());
    const events = await tx.selectFrom("event_definitions").select("name").where("project_id", "=", projectId).execute();
    for (const row of events) known.events.add(row.name);
    const properties = await tx.selectFrom("property_definitions").select(["scope", "name"]).distinct().where("project_id", "=", projectId).execute();
    for (const row of properties) (row.scope === "person" ? known.personProperties : known.eventProperties).add(row.name);
    if (this.byProject.size >= MAX_PROJECTS) this.byProject.clear();
    this.byProject.set(projectId, known);
    return known;
  }

  /** After a rolled-back transaction: names it added were never committed. */
  forget(projectId: string): void {
    this.byProject.delete(projectId);
  }
}
