// The secret that signs session tokens: AUTH_SECRET when given, else one
// generated on first start and kept in the data folder, so sessions survive
// restarts with zero configuration.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { config } from "../config";

let cached: string | null = null;

export function authSecret(): string {
  if (cached) return cached;
  const fromEnv = config().authSecret ?? process.env.NEXTAUTH_SECRET;
  if (fromEnv) return (cached = fromEnv);
  const file = path.join(config().dataDir, "auth-secret");
  try {
    cached = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = crypto.randomBytes(32).toString("base64url");
    try {
      // "wx": if another process won the race, read its secret instead.
      fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
      cached = secret;
    } catch {
      cached = fs.readFileSync(file, "utf8").trim();
    }
  }
  return cached!;
}
