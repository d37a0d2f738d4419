// Server actions are public HTTP endpoints: anyone can call one with any JSON
// the React Flight protocol can encode, whatever its TypeScript signature says.
// `deleteFunnel(projectId, {"not": ""})` reached Prisma as a filter and deleted
// every saved report of the project. Every action checks its arguments here,
// before it signs anyone in or touches the database.
import { z } from "zod";

/** A record id or a token as the dashboard sends it: a non-empty string of sane length. */
export const idArg = z.string().min(1).max(200);

/** A form the action is bound to (useActionState / <form action>). */
export const formArg = z.instanceof(FormData);

/** The previous state useActionState passes first: the action never reads it, so anything goes. */
export const previousStateArg = z.unknown();

/** What an action answers when its arguments are not what the dashboard sends. */
export const BAD_ARGUMENTS = "That request was not understood; reload the page and try again.";

/**
 * The action's arguments, parsed by `schema` (a z.tuple of one schema per
 * argument), or null when they do not fit: the caller answers BAD_ARGUMENTS.
 */
export function actionArgs<S extends z.ZodTuple>(schema: S, args: readonly unknown[]): z.output<S> | null {
  const parsed = schema.safeParse(args);
  return parsed.success ? parsed.data : null;
}
