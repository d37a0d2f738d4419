// Cohort membership rows follow the persons they name: a merge moves the
// merged-away person's memberships to the surviving person, and erasing a
// person takes theirs away. Both run inside the caller's transaction.
import type { Transaction } from "kysely";
import type { HotTables } from "../db/tables";

/**
 * Re-points `from`'s memberships at `to`. Where both were members of a cohort,
 * `to`'s row already says so and `from`'s is dropped (the key is cohort, person).
 */
export async function moveCohortMemberships(tx: Transaction<HotTables>, projectId: string, from: number, to: number): Promise<void> {
  const both = tx.selectFrom("cohort_members").select("cohort_id").where("project_id", "=", projectId).where("person_id", "=", to);
  await tx.deleteFrom("cohort_members").where("project_id", "=", projectId).where("person_id", "=", from).where("cohort_id", "in", both).execute();
  await tx.updateTable("cohort_members").set({ person_id: to }).where("project_id", "=", projectId).where("person_id", "=", from).execute();
}

/** Takes an erased person out of every cohort. */
export async function forgetCohortMemberships(tx: Transaction<HotTables>, projectId: string, personId: number): Promise<void> {
  await tx.deleteFrom("cohort_members").where("project_id", "=", projectId).where("person_id", "=", personId).execute();
}
