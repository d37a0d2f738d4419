// Syncing cohorts to webhooks (API.md 5): destinations, the deliveries a
// computation stores for them, and the loop that sends those.
import { enqueueDeliveries } from "./enqueue";
import { kickDeliveries } from "./worker";

export { createDestination, deleteDestination, destinationSchema, listDestinations, type DestinationView } from "./destinations";
export { kickDeliveries, stopDeliveries } from "./worker";

/**
 * Called after every computation of a cohort (save, on demand, background):
 * stores its destinations' deliveries and wakes the sender. A failure here is
 * logged, never the computation's: the next computation carries the same change.
 */
export async function syncAfterComputation(projectId: string, cohortId: string): Promise<void> {
  try {
    if (await enqueueDeliveries(projectId, cohortId)) void kickDeliveries();
  } catch (error) {
    console.error(`[crumbtrail] cohort ${cohortId}: could not store its webhook deliveries: ${(error as Error).message}`);
  }
}
