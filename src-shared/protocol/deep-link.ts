/**
 * `milady://` links and the dashboard fragments they become.
 *
 * A link comes from outside (a web page, another app, a second launch's argv), so it is
 * parsed strictly: scheme `milady`, a known host and path, only the parameters that host
 * takes, bounded lengths. Anything else is refused and never acted on. The desktop app
 * turns an accepted link into a fragment of the dashboard URL (`#/chat/new?text=…`); the
 * dashboard reads the same fragments with `parseDashboardFragment`, so both sides agree on
 * one format defined here.
 */

/** The Settings sections a link may open (`milady://settings/<section>`), in page order. */
export const SETTINGS_SECTIONS = ["token", "voice", "desktop", "server", "data", "pair"] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

export type DeepLink =
  /** A new conversation with `text` in the composer, not sent. */
  | { kind: "chat"; text: string }
  | { kind: "settings"; section?: SettingsSection }
  /** Pairing a phone; until LAN access exists the dashboard shows what it will be. */
  | { kind: "pair" };

/** Longest link considered at all: anything longer is refused before it is parsed. */
export const MAX_DEEP_LINK_CHARS = 12_000;
/** Longest composer text a link may carry (a message's own limit is 8,000). */
export const MAX_DEEP_LINK_TEXT = 4_000;

export type DeepLinkResult = { ok: true; link: DeepLink } | { ok: false; reason: string };

const refuse = (reason: string): DeepLinkResult => ({ ok: false, reason });

// Control characters other than tab and newlines have no business in a composer.
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is exactly what it matches
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function isSection(value: string): value is SettingsSection {
  return (SETTINGS_SECTIONS as readonly string[]).includes(value);
}

/** The query's parameters, refusing repeated or unknown names. */
function params(search: URLSearchParams, allowed: readonly string[]): Map<string, string> | string {
  const out = new Map<string, string>();
  for (const [key, value] of search) {
    if (!allowed.includes(key)) return `unknown parameter`;
    if (out.has(key)) return `repeated parameter`;
    out.set(key, value);
  }
  return out;
}

function chatText(search: URLSearchParams): DeepLinkResult {
  const found = params(search, ["text"]);
  if (typeof found === "string") return refuse(found);
  const text = found.get("text") ?? "";
  if (text.length > MAX_DEEP_LINK_TEXT) return refuse(`text longer than ${MAX_DEEP_LINK_TEXT} characters`);
  if (CONTROL.test(text)) return refuse("control characters in the text");
  return { ok: true, link: { kind: "chat", text } };
}

/** Host + path + query, shared by links (`chat?text=`) and fragments (`/chat/new?text=`). */
function route(target: string, path: string, search: URLSearchParams): DeepLinkResult {
  const rest = path === "/" ? "" : path;
  switch (target) {
    case "chat":
      return rest === "" ? chatText(search) : refuse("unknown path");
    case "settings": {
      if ([...search.keys()].length > 0) return refuse("unknown parameter");
      if (rest === "") return { ok: true, link: { kind: "settings" } };
      const section = rest.slice(1);
      return isSection(section)
        ? { ok: true, link: { kind: "settings", section } }
        : refuse("unknown settings section");
    }
    case "pair":
      if (rest !== "") return refuse("unknown path");
      return [...search.keys()].length > 0 ? refuse("unknown parameter") : { ok: true, link: { kind: "pair" } };
    default:
      return refuse("unknown host");
  }
}

/** `milady://chat?text=…`, `milady://settings/<section>`, `milady://pair`; everything else is refused with a reason. */
export function parseDeepLink(raw: unknown): DeepLinkResult {
  if (typeof raw !== "string") return refuse("not a string");
  if (raw.length > MAX_DEEP_LINK_CHARS) return refuse(`longer than ${MAX_DEEP_LINK_CHARS} characters`);
  if (!raw.startsWith("milady://")) return refuse("not a milady:// link");
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse("malformed");
  }
  if (url.protocol !== "milady:") return refuse("not a milady:// link");
  if (url.username || url.password || url.port) return refuse("credentials or a port");
  if (url.hash) return refuse("a fragment");
  return route(url.host, url.pathname, url.searchParams);
}

/** The fragment the dashboard understands for a link: `#/chat/new?text=…`, `#/settings/<section>`, `#/pair`. */
export function dashboardFragment(link: DeepLink): string {
  switch (link.kind) {
    case "chat":
      return link.text ? `#/chat/new?text=${encodeURIComponent(link.text)}` : "#/chat/new";
    case "settings":
      return link.section ? `#/settings/${link.section}` : "#/settings";
    case "pair":
      return "#/pair";
  }
}

/** The dashboard's side of `dashboardFragment`; undefined for any other fragment (the page's own anchors). */
export function parseDashboardFragment(hash: string): DeepLink | undefined {
  if (hash.length > MAX_DEEP_LINK_CHARS * 3 || !hash.startsWith("#/")) return undefined;
  const body = hash.slice(2);
  const q = body.indexOf("?");
  const path = q < 0 ? body : body.slice(0, q);
  let search: URLSearchParams;
  try {
    search = new URLSearchParams(q < 0 ? "" : body.slice(q + 1));
  } catch {
    return undefined;
  }
  const [target = "", ...rest] = path.split("/");
  if (target === "chat") {
    if (rest.join("/") !== "new") return undefined;
    const result = chatText(search);
    return result.ok ? result.link : undefined;
  }
  const result = route(target, rest.length ? `/${rest.join("/")}` : "", search);
  return result.ok ? result.link : undefined;
}

/**
 * What a log line may say about a link: the scheme and a plain host, and its length, never
 * the rest (a composer text is the user's own words).
 */
export function describeLink(raw: unknown): string {
  if (typeof raw !== "string") return `a ${typeof raw}`;
  const host = /^([a-z][a-z0-9+.-]{0,15}):\/\/([a-z0-9-]{1,20})(?=[/?#]|$)/i.exec(raw);
  const scheme = /^([a-z][a-z0-9+.-]{0,15}):/i.exec(raw);
  const what = host ? `${host[1]}://${host[2]}` : scheme ? `a ${scheme[1]}: link` : "a link";
  return `${what} (${raw.length} chars)`;
}
