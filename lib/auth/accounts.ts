// Accounts of people who sign in: sign-up and credential checks.
import { z } from "zod";
import { connections } from "../db";
import { createOrganizationIn, personalOrganizationName } from "../teams";
import { isCommonPassword } from "./commonPasswords";
import { emailSchema } from "./email";
import { hashPassword, verifyPassword } from "./password";

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

/**
 * `personalOrganization: false` for people signing up to accept an invitation:
 * they join that organization instead of starting with an empty one of their
 * own (one is made later if they create a project where they may not).
 */
export async function createUser(input: SignUpInput, options: { personalOrganization?: boolean } = {}): Promise<AccountUser> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AccountError("invalid_input", issue.message, issue.path[0] as "email" | "password" | "name");
  }
  const { prisma } = connections();
  const { email, password, name } = parsed.data;
  if (await prisma.user.findUnique({ where: { email }, select: { id: true } })) {
    throw new AccountError("email_taken", "An account with this email already exists. Sign in instead.", "email");
  }
  const passwordHash = await hashPassword(password);
  try {
    return await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email, name, passwordHash }, select: { id: true, email: true, name: true } });
      if (options.personalOrganization !== false) await createOrganizationIn(tx, user.id, personalOrganizationName(user));
      return user;
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw new AccountError("email_taken", "An account with this email already exists. Sign in instead.", "email");
    }
    throw error;
  }
}

/** The user when email and password match; null otherwise (never says which was wrong). */
export async function verifyCredentials(email: unknown, password: unknown): Promise<AccountUser | null> {
  const parsedEmail = emailSchema.safeParse(email);
  if (!parsedEmail.success || typeof password !== "string" || !password || password.length > MAX_PASSWORD_LENGTH) return null;
  const user = await connections().prisma.user.findUnique({ where: { email: parsedEmail.data } });
  if (!user?.passwordHash) return null;
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
