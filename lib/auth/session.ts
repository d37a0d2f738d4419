// The signed-in user, for server components, server actions and route handlers.
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { connections } from "../db";
import type { AccountUser } from "./accounts";
import { authOptions } from "./options";

/** The signed-in user, or null. A token whose user was deleted counts as signed out. */
export async function currentUser(): Promise<AccountUser | null> {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  return connections().prisma.user.findUnique({ where: { id }, select: { id: true, email: true, name: true } });
}

/** For pages: the user, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<AccountUser> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}
