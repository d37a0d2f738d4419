// Playwright end-to-end tests (tests/e2e/*.spec.ts), run by `npm test` against SQLite.
// Each worker starts its own Crumbtrail server on a fresh database (see
// tests/e2e/support/fixtures.ts); the browser is Debian's chromium, never a download.
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// `npm test` gives each run its own folder, so two runs in one checkout (a
// developer's and CI's, say) never delete each other's traces and screenshots.
const runDir = process.env.CRUMBTRAIL_TEST_RUN_DIR;

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "*.spec.ts",
  outputDir: runDir ? path.join(runDir, "test-results") : "test-results",
  // Two cores: one worker (one server, one browser) keeps timings honest.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: process.env.CRUMBTRAIL_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        // navigator.webdriver stays false, as in a visitor's browser: other
        // vendors' SDKs (posthog-js) drop every event of an automated one.
        "--disable-blink-features=AutomationControlled",
      ],
    },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
});
