// The retention setting as users type it (Settings) and lib/projects stores it.
import { z } from "zod";

export const RETENTION_MIN_DAYS = 1;
export const RETENTION_MAX_DAYS = 3650;

const RETENTION_MESSAGE = `Enter a whole number of days from ${RETENTION_MIN_DAYS} to ${RETENTION_MAX_DAYS}, or leave it empty to keep events forever.`;

/** Days of events a project keeps; empty (or null) keeps them forever. */
export const retentionDaysSchema = z.preprocess(
  (value) => (value === "" || value === null ? null : typeof value === "string" ? (value.trim() === "" ? null : Number(value.trim())) : value),
  z
    .number({ message: RETENTION_MESSAGE })
    .int({ message: RETENTION_MESSAGE })
    .min(RETENTION_MIN_DAYS, { message: RETENTION_MESSAGE })
    .max(RETENTION_MAX_DAYS, { message: RETENTION_MESSAGE })
    .nullable(),
);
