// Ends sessions on the server although they are stateless tokens: each user
// has a session version, every token carries the one it was issued with, and
// a token whose version is no longer the user's is treated as signed out
// (lib/auth/session.ts). Bumping the version ends every session of that user,
// on every device: sign-out, a password change, removal from an organization.
//
// The check costs nothing extra: currentUser() already reads the user's row on
// every request, and the version comes with it. No cache, so a bump takes
// effect on the very next request.
import { connections, type Transaction } from "../db";

/** The version a new token for this user is issued with; null when the user is gone. */
export async function sessionVersionOf(userId: string): Promise<number | null> {
  const user = await connections().prisma.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return user?.sessionVersion ?? null;
}

/** Ends every session of the user (inside the caller's transaction when given). */
export async function endSessions(userId: string, tx?: Transaction): Promise<void> {
  await (tx ?? connections().prisma).user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}

/** Whether a token issued with `tokenVersion` (absent in tokens from before versions existed: 0) is still good. */
export function sessionStillValid(tokenVersion: unknown, userVersion: number): boolean {
  const version = typeof tokenVersion === "number" && Number.isInteger(tokenVersion) ? tokenVersion : 0;
  return version === userVersion;
}
