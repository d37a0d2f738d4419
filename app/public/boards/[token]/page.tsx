// /public/boards/{token}: a shared board, read-only, with no session (API.md 8).
// An unknown or revoked token is a 404. No Referer leaves the page, so a link
// in a note never hands the token to another site; search engines are told to keep away.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PublicBoard } from "@/components/boards/PublicBoard";
import { storedTiles } from "@/lib/boards";
import { sharedBoard } from "@/lib/boards/share";
import { ApiError } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function open(token: string) {
  try {
    return await sharedBoard(token);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { row } = await open((await params).token);
  return { title: row.name, robots: { index: false, follow: false }, referrer: "no-referrer" };
}

export default async function PublicBoardPage({ params, searchParams }: Props) {
  const { token } = await params;
  const tv = (await searchParams).tv === "1";
  const { row, timezone } = await open(token);
  // What the grid needs to lay the tiles out, and the notes' text: each report tile's numbers come from the token's tile route.
  const tiles = storedTiles(row).map((t) => ({ id: t.id, x: t.x, y: t.y, w: t.w, h: t.h, title: t.title ?? "", ...("text" in t ? { text: t.text } : {}) }));
  return <PublicBoard token={token} name={row.name} tiles={tiles} timezone={timezone} tv={tv} />;
}
