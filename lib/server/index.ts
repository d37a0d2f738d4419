// lib/server: the HTTP server `crumbtrail start` and `crumbtrail dev` run in
// their own process. Next.js renders and routes; this owns the socket, so it
// owns what Next's own `next start` could not give us: the client address we
// can vouch for (clientAddress.ts), and a stop that always ends, with the
// writer's queue committed (gracefulStop.ts), also when npm, which started
// us, dies (launcherWatch.ts).
import http from "node:http";
import next from "next";
import { tolerateClosedOutput } from "../runtime/outputGuard";
import { stampClientAddress, trustedProxies } from "./clientAddress";
import { installGracefulStop, RequestTracker } from "./gracefulStop";
import { watchLauncher } from "./launcherWatch";

export interface ServerOptions {
  dev: boolean;
  port: number;
  /** TRUSTED_PROXIES (see clientAddress.ts). */
  trustedProxies?: string;
  log(line: string): void;
}

/** Serves the app until the process is asked to stop; resolves once it listens. */
export async function runServer(options: ServerOptions): Promise<http.Server> {
  tolerateClosedOutput();
  const trust = trustedProxies(options.trustedProxies);
  const requests = new RequestTracker();
  const server = http.createServer();
  // Before prepare(): a signal during the (slow, dev) preparation still stops us cleanly.
  const stop = installGracefulStop(server, requests, options.log);
  watchLauncher(stop);

  const app = next({ dev: options.dev, dir: process.cwd(), port: options.port, httpServer: server });
  await app.prepare();
  const handle = app.getRequestHandler();
  server.on("request", (request: http.IncomingMessage, response: http.ServerResponse) => {
    requests.track(response);
    stampClientAddress(request, trust);
    handle(request, response).catch((error: unknown) => {
      options.log(`[crumbtrail] a request failed outside Next.js's own error handling: ${(error as Error).message}`);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}
