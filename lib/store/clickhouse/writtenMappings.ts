// Which distinct-id -> person mappings this process has written to ClickHouse
// lately, so a copy pass writes only those that changed. Without it every pass
// re-wrote the mapping of every person in its events: about one row per event
// under steady load, as much again to insert as the events themselves.
//
// Forgetting is always safe: an unknown mapping is written again, and readers
// take the newest version, so a repeated row changes no answer.

/** Entries kept; beyond it the oldest are forgotten (a Map iterates in insertion order). */
const DEFAULT_CAPACITY = 200_000;

export class WrittenMappings {
  private readonly personOf = new Map<string, number>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  private static key(projectId: string, distinctId: string): string {
    return `${projectId}\u0000${distinctId}`;
  }

  /** The rows whose person differs from what this process last wrote for their distinct id (or that it never wrote). */
  changed<R extends { project_id: string; distinct_id: string; person_id: number }>(rows: readonly R[]): R[] {
    return rows.filter((row) => this.personOf.get(WrittenMappings.key(row.project_id, row.distinct_id)) !== row.person_id);
  }

  /** After ClickHouse took them. */
  remember(rows: readonly { project_id: string; distinct_id: string; person_id: number }[]): void {
    for (const row of rows) {
      const key = WrittenMappings.key(row.project_id, row.distinct_id);
      // Re-inserted at the end: the most recently written stay longest.
      this.personOf.delete(key);
      this.personOf.set(key, row.person_id);
    }
    for (const key of this.personOf.keys()) {
      if (this.personOf.size <= this.capacity) break;
      this.personOf.delete(key);
    }
  }

  get size(): number {
    return this.personOf.size;
  }
}
