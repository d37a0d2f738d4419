// How the command line talks: one clear line on error, and a non-zero exit.
export class CliError extends Error {}

export function fail(message: string): never {
  throw new CliError(message);
}

export function say(line: string): void {
  process.stdout.write(line + "\n");
}

/**
 * The one line an error becomes. A known error's message is written for people:
 * its first line. An unexpected one (a database error) may open with an empty
 * line and a header and put its cause last, as Prisma's do
 * ("\nInvalid `prisma.project.create()` invocation:\n\n\nOperation has timed out"),
 * so its first and last non-empty lines are kept, never an empty message.
 */
export function errorLine(error: unknown, known: boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split("\n").map((line) => line.trim()).filter(Boolean);
  if (known) return lines[0] ?? "failed";
  const first = lines[0] ?? (error instanceof Error ? error.name : "no message");
  const last = lines.length > 1 ? lines[lines.length - 1] : null;
  return `unexpected failure: ${last ? `${first} … ${last}` : first}`;
}
