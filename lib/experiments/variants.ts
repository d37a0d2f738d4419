// The variant of every live experiment for one distinct id (API.md 6): what
// GET /api/experiments and PostHog's flags route (API.md 2.5) both answer.
import { assignVariant } from "./assignment";
import { liveExperiments } from "./index";

export async function liveVariants(projectId: string, distinctId: string, now: Date = new Date()): Promise<Record<string, string>> {
  const variants: Record<string, string> = {};
  for (const experiment of await liveExperiments(projectId, now)) variants[experiment.key] = assignVariant(experiment, distinctId);
  return variants;
}
