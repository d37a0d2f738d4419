#!/usr/bin/env node
// The `crumbtrail` command (API.md section 4). A thin launcher: it runs from the
// checkout, loads .env, and hands over to the TypeScript CLI in lib/cli via tsx.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";
import { config as loadDotenv } from "dotenv";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
loadDotenv({ path: path.join(root, ".env"), quiet: true });
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
process.env.CHECKPOINT_DISABLE ??= "1";

const { main } = await tsImport("../lib/cli/main.ts", import.meta.url);
process.exitCode = await main(process.argv.slice(2));
