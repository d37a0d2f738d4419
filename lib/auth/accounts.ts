// Accounts of people who sign in: sign-up and credential checks.
import { z } from "zod";
import { connections } from "../db";
import { accountExistsMail, sendMail } from "../mail";
import { createOrganizationIn, personalOrganizationName } from "../teams";
import { isCommonPassword } from "./commonPasswords";
import { emailSchema } from "./email";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "./password";
import { countSignUp } from "./signUpThrottle";

export { emailSchema };

export const passwordSchema = z
  .string({ message: "Enter a password." })
  .min(8, { message: "Use at least 8 characters for your password." })
  .max(200, { message: "Use at most 200 characters for your password." })
  .refine((password) => !isCommonPassword(password), { message: "That password is one of the first that attackers try; choose another." });

/** Longer than any password we accept: refused before hashing, so it costs nothing. */
const MAX_PASSWORD_LENGTH = 200;

export const signUpSchema = z.object({
  name: z.string().trim().max(100, { message: "Keep your name under 100 characters." }).optional().transform((v) => v || undefined),
  email: emailSchema,
  password: passwordSchema,
});

export type SignUpInput = z.input<typeof signUpSchema>;

export class AccountError extends Error {
  constructor(
    readonly code: "email_taken" | "invalid_input",
    message: string,
    readonly field?: "email" | "password" | "name",
  ) {
    super(message);
  }
}

export interface AccountUser {
  id: string;
  email: string;
  name: string | null;
}

function parseSignUp(input: SignUpInput): z.output<typeof signUpSchema> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AccountError("invalid_input", issue.message, issue.path[0] as "email" | "password" | "name");
  }
  return parsed.data;
}

const EMAIL_TAKEN = "An account with this email already exists. Sign in instead.";

/** Inserts the user (and their personal organization); null when the email was taken meanwhile. */
async function insertUser(
  data: { email: string; name?: string; passwordHash: string },
  options: { personalOrganization?: boolean },
): Promise<AccountUser | null> {
  try {
    return await connections().prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data, select: { id: true, email: true, name: true } });
      if (options.personalOrganization !== false) await createOrganizationIn(tx, user.id, personalOrganizationName(user));
      return user;
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return null;
    throw error;
  }
}

/**
 * For the operator (command line, tests): creates the account, and says so
 * plainly when the email is taken. The public form uses signUp instead.
 * `personalOrganization: false` for people signing up to accept an invitation:
 * they join that organization instead of starting with an empty one of their
 * own (one is made later if they create a project where they may not).
 */
export async function createUser(input: SignUpInput, options: { personalOrganization?: boolean } = {}): Promise<AccountUser> {
  const { email, password, name } = parseSignUp(input);
  if (await connections().prisma.user.findUnique({ where: { email }, select: { id: true } })) {
    throw new AccountError("email_taken", EMAIL_TAKEN, "email");
  }
  const user = await insertUser({ email, name, passwordHash: await hashPassword(password) }, options);
  if (!user) throw new AccountError("email_taken", EMAIL_TAKEN, "email");
  return user;
}

export interface SignUpOptions {
  personalOrganization?: boolean;
  /** The vouched-for client address (lib/http/clientAddress.ts), for the sign-up rate limit. */
  address: string | null;
  /** The app's origin, for the link in the mail to an existing account's owner. */
  origin?: string;
}

/**
 * The public sign-up form. It answers the same whether or not the email is
 * registered, so the form cannot be used to find out who has an account: the
 * password is hashed either way (same time), an existing account is left
 * untouched, and its owner is told by mail when SMTP is set. Invalid input
 * gets its field's message (that says nothing about anyone's account). Throws
 * SignUpThrottled past the per-address rate limit.
 */
export async function signUp(input: SignUpInput, options: SignUpOptions): Promise<{ ok: true }> {
  const { email, password, name } = parseSignUp(input);
  countSignUp(options.address);
  const passwordHash = await hashPassword(password);
  const created = (await connections().prisma.user.findUnique({ where: { email }, select: { id: true } }))
    ? null
    : await insertUser({ email, name, passwordHash }, options);
  if (!created && options.origin) {
    // Not awaited: how long the mail server takes must not show in the answer either.
    void sendMail(accountExistsMail({ to: email, signInUrl: `${options.origin.replace(/\/+$/, "")}/signin` }));
  }
  return { ok: true };
}

/**
 * Sets a new password and ends every session of the user (lib/auth/sessionVersion.ts):
 * whoever knew the old password and signed in with it is signed out.
 */
export async function changePassword(userId: string, password: unknown): Promise<void> {
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success) throw new AccountError("invalid_input", parsed.error.issues[0].message, "password");
  const passwordHash = await hashPassword(parsed.data);
  const { count } = await connections().prisma.user.updateMany({
    where: { id: userId },
    data: { passwordHash, sessionVersion: { increment: 1 } },
  });
  if (!count) throw new AccountError("invalid_input", "No such user.");
}

/** The user when email and password match; null otherwise (never says which was wrong). */
export async function verifyCredentials(email: unknown, password: unknown): Promise<AccountUser | null> {
  const parsedEmail = emailSchema.safeParse(email);
  if (!parsedEmail.success || typeof password !== "string" || !password || password.length > MAX_PASSWORD_LENGTH) return null;
  const user = await connections().prisma.user.findUnique({ where: { email: parsedEmail.data } });
  // As slow as a wrong password for a real account: the timing must not tell which emails exist.
  if (!user?.passwordHash) return verifyAgainstNothing(password).then(() => null);
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  return { id: user.id, email: user.email, name: user.name };
}

/** Find or create the user behind a GitHub or Google sign-in, and link the account. */
export async function userForOAuth(input: {
  provider: string;
  providerAccountId: string;
  type: string;
  email: string | null | undefined;
  name: string | null | undefined;
  image: string | null | undefined;
}): Promise<AccountUser | null> {
  const { prisma } = connections();
  const linked = await prisma.account.findUnique({
    where: { provider_providerAccountId: { provider: input.provider, providerAccountId: input.providerAccountId } },
    include: { user: true },
  });
  if (linked) return { id: linked.user.id, email: linked.user.email, name: linked.user.name };
  const email = emailSchema.safeParse(input.email);
  if (!email.success) return null;
  const user =
    (await prisma.user.findUnique({ where: { email: email.data } })) ??
    (await prisma.$transaction(async (tx) => {
      const created = await tx.user.create({ data: { email: email.data, name: input.name ?? null, image: input.image ?? null } });
      await createOrganizationIn(tx, created.id, personalOrganizationName(created));
      return created;
    }));
  await prisma.account.create({
    data: { userId: user.id, provider: input.provider, providerAccountId: input.providerAccountId, type: input.type },
  });
  return { id: user.id, email: user.email, name: user.name };
}
