// Running a report for a page: a query the model refuses (ApiError) or an
// address that cannot be read (SpecProblem) becomes a message on the page;
// anything else is a real failure for the error boundary.
import { ApiError } from "@/lib/http/errors";
import { SpecProblem } from "./params";

export type Attempt<T> = { data: T; error: null } | { data: null; error: string };

export async function attempt<T>(work: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { data: await work(), error: null };
  } catch (error) {
    if (error instanceof ApiError || error instanceof SpecProblem) return { data: null, error: error.message };
    throw error;
  }
}
