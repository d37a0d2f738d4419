// Proving that a person reads mail at their account's address: a link, mailed
// to it, that sets User.emailVerifiedAt. Email-bound invitations need that
// proof from accounts made after the invitation (lib/teams/rules.ts).
//
// The link carries no database row: it is the user id and an expiry, signed
// with an HMAC keyed from the auth secret over those and the email address, so
// it stops working if the address changes, when it expires, or if the secret
// is rotated.
import crypto from "node:crypto";
import { connections } from "../db";
import { safeReturnPath } from "../http/safeRedirect";
import { sendMail, type Mail } from "../mail";
import { authSecret } from "./secret";

export const EMAIL_VERIFICATION_TTL_MS = 24 * 60 * 60 * 1000;

export class EmailVerificationError extends Error {}

function signature(userId: string, email: string, expires: number): string {
  const key = crypto.createHash("sha256").update(`crumbtrail email verification\0${authSecret()}`).digest();
  return crypto.createHmac("sha256", key).update(`${userId}\0${email}\0${expires}`).digest("base64url");
}

/** A token for the link that confirms `email` for `userId`. */
export function emailVerificationToken(user: { id: string; email: string }, now = Date.now()): string {
  const expires = now + EMAIL_VERIFICATION_TTL_MS;
  return `${user.id}.${expires}.${signature(user.id, user.email, expires)}`;
}

/**
 * Marks the address confirmed when the token is genuine, current and still
 * matches the account's address; throws EmailVerificationError otherwise.
 */
export async function confirmEmail(token: unknown, now = Date.now()): Promise<{ email: string }> {
  const invalid = new EmailVerificationError("This confirmation link is not valid. Ask for a new one from the page that sent it.");
  if (typeof token !== "string" || token.length > 300) throw invalid;
  const [userId, expiresText, given, ...rest] = token.split(".");
  const expires = Number(expiresText);
  if (!userId || !given || rest.length || !/^\d{1,16}$/.test(expiresText ?? "")) throw invalid;
  const user = await connections().prisma.user.findUnique({ where: { id: userId }, select: { id: true, email: true, emailVerifiedAt: true } });
  if (!user) throw invalid;
  const expected = Buffer.from(signature(user.id, user.email, expires));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !crypto.timingSafeEqual(expected, actual)) throw invalid;
  if (expires <= now) throw new EmailVerificationError("This confirmation link has expired. Ask for a new one from the page that sent it.");
  if (!user.emailVerifiedAt) await connections().prisma.user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date(now) } });
  return { email: user.email };
}

/** Whether the account has confirmed its address, and when it was made (for email-bound invitations). */
export async function emailStanding(userId: string): Promise<{ email: string; emailVerifiedAt: Date | null; createdAt: Date } | null> {
  return connections().prisma.user.findUnique({ where: { id: userId }, select: { email: true, emailVerifiedAt: true, createdAt: true } });
}

export function emailVerificationMail(input: { to: string; url: string }): Mail {
  return {
    to: input.to,
    subject: "Confirm your email address for Crumbtrail",
    text: [
      "Confirm that this address is yours by opening this link:",
      "",
      input.url,
      "",
      "It works for 24 hours. If you did not ask for it, ignore this message.",
    ].join("\n"),
  };
}

/**
 * Mails the confirmation link to the account's address; `next` is where the
 * link's page offers to go afterwards (a same-site path). False when mail is
 * off or sending failed.
 */
export async function sendEmailVerification(userId: string, origin: string, next: string): Promise<boolean> {
  const user = await connections().prisma.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
  if (!user) return false;
  const query = new URLSearchParams({ token: emailVerificationToken(user), next: safeReturnPath(next) });
  return sendMail(emailVerificationMail({ to: user.email, url: `${origin.replace(/\/+$/, "")}/verify-email?${query}` }));
}
