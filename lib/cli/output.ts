// How the command line talks: one clear line on error, and a non-zero exit.
export class CliError extends Error {}

export function fail(message: string): never {
  throw new CliError(message);
}

export function say(line: string): void {
  process.stdout.write(line + "\n");
}
