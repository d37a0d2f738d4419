// IANA time zones, as the reports bucket days and weeks in them.
import { z } from "zod";

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return value.length <= 64;
  } catch {
    return false;
  }
}

export function timeZoneNames(): string[] {
  const names = Intl.supportedValuesOf("timeZone");
  return names.includes("UTC") ? names : ["UTC", ...names];
}

export const timeZoneSchema = z
  .string({ message: "Choose a time zone." })
  .trim()
  .refine(isTimeZone, { message: "Choose a time zone such as Europe/Paris or UTC." });
