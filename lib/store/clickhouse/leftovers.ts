// What ClickHouse still holds of a distinct id the Prisma database no longer
// knows: the case of an erase whose ClickHouse half failed or was still running,
// repeated. The person and their other ids are gone from the Prisma database, but
// ClickHouse's copy of the distinct-id mapping was to be deleted in the same
// mutation as the events, so while the events remain it still names them.
import { z } from "zod";
import type { ClickHouseClient } from "./client";
import { sqlWith } from "./literal";
import { distinctIdsTable, eventsTable, type Topology } from "./schema";

/**
 * The distinct ids whose ClickHouse rows go with `distinctId`: every id mapped to
 * its last person (argMax over versions), or only itself when the mapping has no
 * row of it but events do; empty when ClickHouse holds nothing of it.
 */
export async function clickHouseIdsWith(client: ClickHouseClient, cluster: string | null, projectId: string, distinctId: string): Promise<string[]> {
  const topology: Topology = { database: client.database, cluster };
  const mapping = distinctIdsTable(topology);
  // Two queries rather than IN (subquery): a subquery over a Distributed table inside a distributed query is refused by default.
  const [person] = await client.query(
    sqlWith(`SELECT argMax(person_id, version) AS person FROM ${mapping} WHERE project_id = ? AND distinct_id = ? GROUP BY distinct_id`, [projectId, distinctId]),
    z.object({ person: z.string().regex(/^\d+$/) }),
  );
  if (person) {
    const rows = await client.query(
      sqlWith(`SELECT distinct_id FROM ${mapping} WHERE project_id = ? GROUP BY distinct_id HAVING argMax(person_id, version) = ?`, [projectId, BigInt(person.person)]),
      z.object({ distinct_id: z.string() }),
    );
    return [...new Set([distinctId, ...rows.map((r) => r.distinct_id)])];
  }
  const [events] = await client.query(
    sqlWith(`SELECT count() AS n FROM ${eventsTable(topology)} WHERE project_id = ? AND distinct_id = ?`, [projectId, distinctId]),
    z.object({ n: z.coerce.number() }),
  );
  return (events?.n ?? 0) > 0 ? [distinctId] : [];
}
