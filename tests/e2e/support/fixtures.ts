// Playwright fixtures for Crumbtrail's end-to-end specs.
//
//   import { test, expect } from "./support/fixtures";
//   test("overview shows an event", async ({ page, project, signIn, sendEvents }) => {
//     await sendEvents(project, [{ event: "Signed up", anonymousId: "a1" }]);
//     await signIn(project.owner);
//     await page.goto(`/projects/${project.projectId}/overview`);
//   });
//
// - crumbtrail (worker): a real server (`node bin/crumbtrail.mjs start`) on a fresh
//   database of the kind in CRUMBTRAIL_TEST_DATABASE_URL (SQLite by default); `baseURL`
//   points at it, so page.goto("/...") works.
// - project: a new owner account (email + password) with a new project and its keys.
// - createAccount / createProject: more users and projects, through the CLI.
// - signIn(account): signs the page's browser context in over HTTP (next-auth
//   credentials), without going through the sign-in page's markup.
// - sendEvents(project, messages): POST /api/track {batch} with the project's write key.
import { test as base, expect, type Page } from "@playwright/test";
import {
  createProject as cliCreateProject,
  createAccountWithProject,
  createUser,
  SESSION_COOKIE,
  track,
  type Account,
  type ProjectFixture,
  type ProjectKeys,
} from "../../support/api";
import { startServer, type TestServer } from "../../support/server";

export type { Account, ProjectFixture, ProjectKeys } from "../../support/api";

export interface TestFixtures {
  /** A new owner account with a new project. */
  project: ProjectFixture;
  createAccount: (account?: Partial<Account>) => Promise<Account>;
  createProject: (owner: Account, name?: string) => Promise<ProjectKeys>;
  /** Signs the test's browser context in as `account`. */
  signIn: (account: Account) => Promise<void>;
  /** Sends messages to a project; resolves to the ingestion answer's body. */
  sendEvents: (project: ProjectKeys, messages: Record<string, unknown>[]) => Promise<{ accepted: number; duplicates: number }>;
  /** `page`, already signed in as the `project` fixture's owner. */
  ownerPage: Page;
}

export interface WorkerFixtures {
  crumbtrail: TestServer;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  crumbtrail: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use, workerInfo) => {
      const server = await startServer({ label: `e2e-worker-${workerInfo.workerIndex}` });
      try {
        await use(server);
      } finally {
        await server.stop();
      }
    },
    { scope: "worker", timeout: 180_000 },
  ],

  baseURL: async ({ crumbtrail }, use) => {
    await use(crumbtrail.url);
  },

  project: async ({ crumbtrail }, use) => {
    await use(await createAccountWithProject(crumbtrail, "E2E project"));
  },

  createAccount: async ({ crumbtrail }, use) => {
    await use((account) => createUser(crumbtrail, account));
  },

  createProject: async ({ crumbtrail }, use) => {
    await use((owner, name) => cliCreateProject(crumbtrail, owner.email, name));
  },

  signIn: async ({ context, crumbtrail }, use) => {
    await use(async (account) => {
      const csrf = await context.request.get(`${crumbtrail.url}/api/auth/csrf`);
      expect(csrf.status(), "GET /api/auth/csrf").toBe(200);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      await context.request.post(`${crumbtrail.url}/api/auth/callback/credentials`, {
        form: { csrfToken, email: account.email, password: account.password, json: "true" },
        maxRedirects: 0,
      });
      const cookies = await context.cookies(crumbtrail.url);
      if (!cookies.some((c) => c.name === SESSION_COOKIE)) throw new Error(`sign-in as ${account.email} was refused`);
    });
  },

  sendEvents: async ({ crumbtrail }, use) => {
    await use(async (project, messages) => {
      const answer = await track(crumbtrail.url, { batch: messages }, { writeKey: project.writeKey });
      if (answer.status !== 200) throw new Error(`POST /api/track answered ${answer.status}: ${answer.text}`);
      return answer.body as { accepted: number; duplicates: number };
    });
  },

  ownerPage: async ({ page, project, signIn }, use) => {
    await signIn(project.owner);
    await use(page);
  },
});

export { expect };
