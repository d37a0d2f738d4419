// An email address as every form and link takes it: trimmed, lower-cased, checked.
// Its own module so lib/teams and lib/auth/accounts can both use it without a cycle.
import { z } from "zod";

export const emailSchema = z
  .string({ message: "Enter your email address." })
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address." }).max(254, { message: "That email address is too long." }));
