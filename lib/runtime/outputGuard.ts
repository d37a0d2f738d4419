// A closed stdout or stderr must never take the process down or make it spin.
//
// Under a supervisor the log pipe can close at any moment (systemd stopping,
// `npm start | tee` interrupted, a test harness exiting). Node then emits
// EPIPE as an 'error' event on the stream; unhandled, that is an uncaught
// exception, and Next.js's uncaughtException handler logs it... to the same
// closed stream: a new EPIPE, forever, on the nextTick queue, at 100% CPU and
// deaf to SIGTERM. So: the first error on a stream marks it closed, and from
// then on writes to it are dropped.

const GUARDED = Symbol.for("crumbtrail.outputGuard");

type GuardedStream = NodeJS.WriteStream & { [GUARDED]?: true };

function guard(stream: GuardedStream): void {
  if (stream[GUARDED]) return;
  stream[GUARDED] = true;
  stream.on("error", () => {
    // Whatever the error (EPIPE, EIO from a gone terminal, ERR_STREAM_DESTROYED),
    // nothing more can be written there: swallow writes from now on.
    stream.write = ((_chunk: unknown, encodingOrCallback?: unknown, callback?: unknown) => {
      const done = typeof encodingOrCallback === "function" ? encodingOrCallback : callback;
      if (typeof done === "function") queueMicrotask(() => (done as () => void)());
      return true;
    }) as typeof stream.write;
  });
}

/** Makes this process's stdout and stderr safe to write to after they close. Idempotent. */
export function tolerateClosedOutput(): void {
  guard(process.stdout);
  guard(process.stderr);
}
