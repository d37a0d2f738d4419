// Helpers that talk to a running server the way users and SDKs do: accounts and
// projects through the command line, ingestion and reads over HTTP, sign-in
// through next-auth's credentials flow.
import crypto from "node:crypto";
import { request as httpRequest } from "node:http";
import { fixtureCli } from "./fixtureCli";
import type { TestDatabase } from "./server";

export interface Account {
  email: string;
  password: string;
}

export interface ProjectKeys {
  projectId: string;
  writeKey: string;
  secretKey: string;
}

export interface ProjectFixture extends ProjectKeys {
  owner: Account;
}

/** An event as the read API returns it (API.md section 3). */
export interface StoredEvent {
  id: string;
  messageId: string;
  event: string;
  distinctId: string;
  personId: string;
  timestamp: string;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  /** The built-in properties with a value: {"$pathname": "/pricing", "$country": "DE"}. */
  builtinProperties: Record<string, string>;
}

export interface HttpAnswer<T = any> {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or null when the body is not JSON. */
  body: T;
  text: string;
}

export function uniqueId(prefix = "id"): string {
  return `${prefix}-${crypto.randomBytes(6).toString("hex")}`;
}

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${crypto.randomBytes(5).toString("hex")}@example.com`;
}

/** `crumbtrail user:create`; throws with the CLI's output when it fails. */
export async function createUser(db: TestDatabase, account: Partial<Account> = {}): Promise<Account> {
  const email = account.email ?? uniqueEmail();
  const password = account.password ?? `pw-${crypto.randomBytes(8).toString("hex")}`;
  const result = await fixtureCli(db, ["user:create", "--email", email, "--password", password]);
  if (result.code !== 0) throw new Error(`user:create failed (${result.code}): ${result.stderr}${result.stdout}`);
  return { email, password };
}

/** `crumbtrail project:create --json`; the keys it prints. */
/** `env` reaches the command (CLICKHOUSE_URL: a project whose events ClickHouse holds from the start). */
export async function createProject(db: TestDatabase, ownerEmail: string, name = "Test project", env: Record<string, string> = {}): Promise<ProjectKeys> {
  const result = await fixtureCli(db, ["project:create", "--owner", ownerEmail, "--name", name, "--json"], env);
  if (result.code !== 0) throw new Error(`project:create failed (${result.code}): ${result.stderr}${result.stdout}`);
  const lines = result.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as ProjectKeys;
}

/** A new user owning a new project. */
export async function createAccountWithProject(db: TestDatabase, name = "Test project"): Promise<ProjectFixture> {
  const owner = await createUser(db);
  return { owner, ...(await createProject(db, owner.email, name)) };
}

export function basicAuth(key: string): string {
  return `Basic ${Buffer.from(`${key}:`).toString("base64")}`;
}

export interface HttpInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer | Uint8Array;
  timeoutMs?: number;
}

/**
 * One HTTP request the way curl or a server library sends it: exactly the given
 * headers, nothing added. (Node's fetch adds `Sec-Fetch-Mode: cors` and
 * `User-Agent: node`, which make a request look like a browser's.)
 */
export function http<T = any>(url: string, init: HttpInit = {}): Promise<HttpAnswer<T>> {
  const target = new URL(url);
  const body = init.body === undefined ? undefined : Buffer.from(init.body);
  const headers: Record<string, string> = { ...init.headers };
  if (body && !Object.keys(headers).some((name) => name.toLowerCase() === "content-length")) {
    headers["Content-Length"] = String(body.length);
  }
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { hostname: target.hostname, port: target.port, path: target.pathname + target.search, method: init.method ?? "GET", headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(name, one);
          }
          let parsed: unknown = null;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            parsed = null;
          }
          resolve({ status: response.statusCode ?? 0, headers: responseHeaders, body: parsed as T, text });
        });
      },
    );
    request.setTimeout(init.timeoutMs ?? 60_000, () => request.destroy(new Error(`${init.method ?? "GET"} ${url} timed out`)));
    request.on("error", reject);
    request.end(body);
  });
}

export interface TrackOptions {
  writeKey?: string;
  /** Where the write key goes (default: Basic auth). */
  via?: "basic" | "header" | "body" | "none";
  headers?: Record<string, string>;
}

/** POST /api/track with a JSON body. */
export function track(baseUrl: string, body: unknown, options: TrackOptions = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = { "Content-Type": "application/json", ...options.headers };
  const via = options.writeKey ? (options.via ?? "basic") : "none";
  if (via === "basic") headers.Authorization = basicAuth(options.writeKey!);
  if (via === "header") headers["X-Write-Key"] = options.writeKey!;
  let payload = body;
  if (via === "body") payload = { ...(body as Record<string, unknown>), writeKey: options.writeKey };
  return http(`${baseUrl}/api/track`, { method: "POST", headers, body: JSON.stringify(payload) });
}

/** Read credentials: a project's secret key, a session cookie, or any raw Authorization value. */
export type ReadAuth = { secretKey: string } | { cookie: string } | { authorization: string } | null;

function readHeaders(auth: ReadAuth, extra: Record<string, string> = {}): Record<string, string> {
  const headers = { ...extra };
  if (auth && "secretKey" in auth) headers.Authorization = `Bearer ${auth.secretKey}`;
  if (auth && "cookie" in auth) headers.Cookie = auth.cookie;
  if (auth && "authorization" in auth) headers.Authorization = auth.authorization;
  return headers;
}

function eventsUrl(baseUrl: string, projectId: string, params: Record<string, string | number> = {}): string {
  const url = new URL(`${baseUrl}/api/projects/${encodeURIComponent(projectId)}/events`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, String(value));
  return url.toString();
}

/** One page of GET /api/projects/{id}/events. */
export function getEvents(
  baseUrl: string,
  projectId: string,
  auth: ReadAuth,
  params: Record<string, string | number> = {},
): Promise<HttpAnswer<{ events: StoredEvent[]; nextCursor: string | null }>> {
  return http(eventsUrl(baseUrl, projectId, params), { headers: readHeaders(auth) });
}

/** Every page, following nextCursor; fails on an error answer or a cursor that does not advance. */
export async function allEvents(
  baseUrl: string,
  projectId: string,
  auth: ReadAuth,
  params: Record<string, string | number> = {},
): Promise<{ events: StoredEvent[]; pages: number }> {
  const events: StoredEvent[] = [];
  let cursor: string | null = null;
  let pages = 0;
  const seenCursors = new Set<string>();
  for (;;) {
    const page = await getEvents(baseUrl, projectId, auth, { ...params, ...(cursor ? { cursor } : {}) });
    if (page.status !== 200) throw new Error(`GET events answered ${page.status}: ${page.text}`);
    pages += 1;
    events.push(...page.body.events);
    cursor = page.body.nextCursor;
    if (!cursor) return { events, pages };
    if (seenCursors.has(cursor)) throw new Error(`the events cursor repeated itself: ${cursor}`);
    seenCursors.add(cursor);
    if (pages > 10_000) throw new Error("too many pages");
  }
}

/** GET events with Accept: application/x-ndjson: every line, and each parsed. */
export async function ndjsonEvents(
  baseUrl: string,
  projectId: string,
  auth: ReadAuth,
  params: Record<string, string | number> = {},
): Promise<{ status: number; contentType: string | null; text: string; events: StoredEvent[] }> {
  const answer = await http(eventsUrl(baseUrl, projectId, params), {
    headers: readHeaders(auth, { Accept: "application/x-ndjson" }),
  });
  const lines = answer.text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const events = answer.status === 200 ? lines.map((line) => JSON.parse(line) as StoredEvent) : [];
  return { status: answer.status, contentType: answer.headers.get("content-type"), text: answer.text, events };
}

function cookiePairs(headers: Headers): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const cookie of headers.getSetCookie()) {
    const [pair] = cookie.split(";");
    const eq = pair.indexOf("=");
    if (eq > 0) pairs.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return pairs;
}

export const SESSION_COOKIE = "next-auth.session-token";

/**
 * Signs in with next-auth's credentials provider over HTTP and returns the
 * Cookie header value carrying the session. Throws when sign-in is refused.
 */
export async function signIn(baseUrl: string, email: string, password: string, headers: Record<string, string> = {}): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { signal: AbortSignal.timeout(30_000) });
  if (csrf.status !== 200) throw new Error(`GET /api/auth/csrf answered ${csrf.status}`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiePairs(csrf.headers);
  const answer = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    signal: AbortSignal.timeout(30_000),
    headers: {
      ...headers,
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
    },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = cookiePairs(answer.headers).get(SESSION_COOKIE);
  if (!session) {
    throw new Error(`sign-in as ${email} was refused (HTTP ${answer.status}): ${(await answer.text()).slice(0, 300)}`);
  }
  return `${SESSION_COOKIE}=${session}`;
}
