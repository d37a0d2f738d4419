// A board's public, read-only link (API.md 8): a random token of 256 bits.
// Only its SHA-256 is stored, so a copy of the database (a backup, a leaked
// dump) opens no board; the link is shown once, when it is made. Making a new
// link replaces the old one; revoking forgets the hash, so the old link is a 404.
import { createHash, randomBytes } from "node:crypto";
import type { Board as BoardRow } from "../db";
import { connections } from "../db";
import { ApiError } from "../http/errors";
import { boardRow } from "./index";

export const PUBLIC_BOARD_PATH = "/public/boards/";

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Opens (or replaces) the board's public link; answers the new token. */
export async function shareBoard(projectId: string, id: string): Promise<string> {
  const row = await boardRow(projectId, id);
  const token = randomBytes(32).toString("base64url");
  await connections().prisma.board.update({ where: { id: row.id }, data: { shareTokenHash: hashToken(token), sharedAt: new Date() } });
  return token;
}

export async function revokeBoardShare(projectId: string, id: string): Promise<void> {
  const row = await boardRow(projectId, id);
  await connections().prisma.board.update({ where: { id: row.id }, data: { shareTokenHash: null, sharedAt: null } });
}

function notFound(): ApiError {
  return new ApiError(404, "board_not_found", "No such shared board; the link may have been revoked.");
}

/** The board a public token opens, with its project's zone; 404 for an unknown or revoked token. */
export async function sharedBoard(token: unknown): Promise<{ row: BoardRow; timezone: string }> {
  // A token we made is 43 base64url characters; anything else cannot match and is not hashed.
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(token)) throw notFound();
  const row = await connections().prisma.board.findUnique({ where: { shareTokenHash: hashToken(token) }, include: { project: { select: { timezone: true } } } });
  if (!row) throw notFound();
  const { project, ...board } = row;
  return { row: board, timezone: project.timezone };
}
