// How often a project's dynamic cohorts are recomputed in the background: the
// Settings field as users type it, and the server default it falls back to.
import { z } from "zod";

export const DEFAULT_RECOMPUTE_MINUTES = 15;
export const RECOMPUTE_MIN_MINUTES = 1;
/** A week: a longer wait makes a "last 7 days" cohort wrong for most of its life. */
export const RECOMPUTE_MAX_MINUTES = 10_080;

const MESSAGE = `Enter a whole number of minutes from ${RECOMPUTE_MIN_MINUTES} to ${RECOMPUTE_MAX_MINUTES}, or leave it empty for the server's default.`;

/** Minutes between recomputations; empty (or null) uses the server's default. */
export const recomputeMinutesSchema = z.preprocess(
  (value) => (value === "" || value === null ? null : typeof value === "string" ? (value.trim() === "" ? null : Number(value.trim())) : value),
  z
    .number({ message: MESSAGE })
    .int({ message: MESSAGE })
    .min(RECOMPUTE_MIN_MINUTES, { message: MESSAGE })
    .max(RECOMPUTE_MAX_MINUTES, { message: MESSAGE })
    .nullable(),
);

/** The server's default interval: CRUMBTRAIL_COHORT_RECOMPUTE_MINUTES, fractions allowed (tests use a second or two). */
export function defaultRecomputeMs(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const minutes = Number(env.CRUMBTRAIL_COHORT_RECOMPUTE_MINUTES);
  return env.CRUMBTRAIL_COHORT_RECOMPUTE_MINUTES && Number.isFinite(minutes) && minutes > 0 ? Math.max(minutes * 60_000, 500) : DEFAULT_RECOMPUTE_MINUTES * 60_000;
}

/** A project's interval: its own setting, else the server's default. */
export function projectRecomputeMs(projectMinutes: number | null, serverDefaultMs: number): number {
  return projectMinutes === null ? serverDefaultMs : projectMinutes * 60_000;
}
