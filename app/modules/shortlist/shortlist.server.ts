import { createCookie } from "@remix-run/node";
import type { Database } from "../../../db/client.server";
import { config } from "../../env.server";
import { getPublishedAsset } from "../assets/asset.server";
import { maxShortlist, parseShortlist } from "./shortlist";

function shortlistCookie() {
  return createCookie("atlas_shortlist", {
    httpOnly: true,
    sameSite: "lax",
    secure: config().cookieSecure,
    path: "/",
    maxAge: 60 * 60 * 24 * 90,
  });
}

export async function readShortlist(request: Request): Promise<string[]> {
  const value = await shortlistCookie()
    .parse(request.headers.get("cookie"))
    .catch(() => null);
  return parseShortlist(typeof value === "string" ? value : null);
}

export type ShortlistChange =
  | { intent: "add"; id: string }
  | { intent: "remove"; id: string }
  | { intent: "replace"; ids: string[] }
  | { intent: "clear" };

/** Applies a change and returns the Set-Cookie header, plus whether the list was full. */
export async function changeShortlist(request: Request, change: ShortlistChange) {
  let ids = await readShortlist(request);
  let full = false;
  if (change.intent === "add") {
    if (ids.length >= maxShortlist && !ids.includes(change.id)) full = true;
    else ids = parseShortlist([...ids, change.id].join(","));
  } else if (change.intent === "remove") {
    ids = ids.filter((id) => id !== change.id);
  } else if (change.intent === "replace") {
    ids = parseShortlist(change.ids.join(","));
  } else {
    ids = [];
  }
  return { ids, full, cookie: await shortlistCookie().serialize(ids.join(",")) };
}

/** The shortlisted listings that are still published, with what a printed list needs. */
export async function loadShortlist(db: Database, ids: string[]) {
  const assets = await Promise.all(ids.map((id) => getPublishedAsset(db, id)));
  return {
    assets: assets.filter((asset): asset is NonNullable<typeof asset> => asset !== null),
    missing: assets.filter((asset) => asset === null).length,
  };
}
