// The signed-in user, for server components, server actions and route handlers.
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { connections } from "../db";
import type { AccountUser } from "./accounts";
import { authOptions } from "./options";
import { sessionStillValid } from "./sessionVersion";

/**
 * The signed-in user, or null. A token whose user was deleted, or whose
 * sessions were ended since it was issued (lib/auth/sessionVersion.ts), counts
 * as signed out.
 */
export async function currentUser(): Promise<AccountUser | null> {
  const session = await getServerSession(authOptions());
  const sessionUser = session?.user as { id?: string; sessionVersion?: unknown } | undefined;
  if (!sessionUser?.id) return null;
  const user = await connections().prisma.user.findUnique({
    where: { id: sessionUser.id },
    select: { id: true, email: true, name: true, sessionVersion: true },
  });
  if (!user || !sessionStillValid(sessionUser.sessionVersion, user.sessionVersion)) return null;
  return { id: user.id, email: user.email, name: user.name };
}

/** For pages: the user, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<AccountUser> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}
