// A request body or query checked against a zod schema: the first problem is the API's 400.
import type { z } from "zod";
import { ApiError } from "./errors";

/** The first problem of a zod parse, as the API's 400 with `code`. */
export function invalidInput(error: z.ZodError, code: string): ApiError {
  const issue = error.issues[0];
  const where = issue.path.length ? `${issue.path.join(".")} ` : "";
  return new ApiError(400, code, `${where}${issue.message}`.trim());
}

/** `input` as `schema` reads it, or a 400 `code` naming the first problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, code: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error, code);
  return parsed.data;
}
