// Removing a project's rows from the hot tables (the metadata rows go through Prisma).
import { connections } from "../db";

export async function deleteProjectEvents(projectId: string): Promise<void> {
  const { db } = connections();
  await db.transaction().execute(async (tx) => {
    for (const table of ["events", "person_distinct_ids", "persons", "event_definitions", "property_definitions", "groups"] as const) {
      await tx.deleteFrom(table).where("project_id", "=", projectId).execute();
    }
  });
}
