// Under `npm start` this server's process is started by npm through `sh -c`.
// npm passes a SIGTERM on to that shell, which dies without passing it on to
// us, and a SIGKILLed npm passes on nothing: either way the server would go
// on holding the port and the database with nobody to stop it. So, when npm
// started us, we watch that npm stays our ancestor, and stop gracefully the
// moment it does not. Started any other way (`node bin/crumbtrail.mjs start
// &`, nohup, systemd), nothing is watched: outliving a shell is then intended.
import fs from "node:fs";

const CHECK_MS = 1000;
const MAX_DEPTH = 6;

function parentOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces and parentheses: fields resume after the last ")".
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) || null;
  } catch {
    return null;
  }
}

function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

/** Our ancestors, nearest first, up to MAX_DEPTH (Linux /proc; empty elsewhere). */
function ancestors(): number[] {
  const chain: number[] = [];
  for (let pid = process.ppid; pid > 1 && chain.length < MAX_DEPTH; pid = parentOf(pid) ?? 0) chain.push(pid);
  return chain;
}

/** The npm process that started us through an npm script, or null. */
export function npmLauncher(): number | null {
  if (!process.env.npm_lifecycle_event) return null;
  return ancestors().find((pid) => /(^|[/ ])npm(-cli\.js)?( |$)/.test(commandLine(pid))) ?? null;
}

/** Calls `stop` once npm, which started this process, is no longer its ancestor. */
export function watchLauncher(stop: (reason: string) => void): void {
  const launcher = npmLauncher();
  if (launcher === null) return;
  const timer = setInterval(() => {
    if (ancestors().includes(launcher)) return;
    clearInterval(timer);
    stop(`npm (pid ${launcher}), which started this server, is gone`);
  }, CHECK_MS);
  timer.unref();
}
