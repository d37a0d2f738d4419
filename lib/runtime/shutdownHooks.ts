// Work that must finish before the process exits (commit the events the writer
// holds). Registered by code inside the Next.js bundle (instrumentation.ts),
// run by the server that owns the process (lib/server): two copies of this
// module, one compiled by Next, one loaded by the command line, so the list
// lives on globalThis under a registered symbol that both copies share.

export interface ShutdownHook {
  name: string;
  run(): Promise<void>;
}

const HOOKS = Symbol.for("crumbtrail.shutdownHooks");
const registry = globalThis as { [HOOKS]?: ShutdownHook[] };

function hooks(): ShutdownHook[] {
  return (registry[HOOKS] ??= []);
}

/** Adds a hook; hooks run in the order they were added. */
export function onShutdown(name: string, run: () => Promise<void>): void {
  hooks().push({ name, run });
}

/** Runs every hook once, each even if an earlier one failed; resolves with the names of those that failed. */
export async function runShutdownHooks(log: (line: string) => void): Promise<string[]> {
  const failed: string[] = [];
  for (const hook of hooks().splice(0)) {
    try {
      await hook.run();
    } catch (error) {
      failed.push(hook.name);
      log(`[crumbtrail] could not ${hook.name} before stopping: ${(error as Error).message}`);
    }
  }
  return failed;
}
