import { MiladyError } from "../../src-shared/protocol";

/**
 * Finding elizaOS plugins on the npm registry npm is configured with. The search API
 * (`/-/v1/search`) is asked for the words plus elizaOS; results that are not elizaOS plugins
 * are dropped. A registry without the search API (mirrors often answer 404) still finds a
 * plugin by its name: the query itself and `@elizaos/plugin-<query>` are looked up directly
 * (two requests, never a list of guesses).
 */

export interface RegistryHit {
  name: string;
  version: string;
  description?: string;
  keywords?: string[];
  date?: string;
  /** The package's npm page or repository, when the registry says. */
  link?: string;
}

export interface SearchAnswer {
  results: RegistryHit[];
  registry: string;
  /** `search`: the registry's search API; `name`: it has none, so names were looked up. */
  mode: "search" | "name";
}

interface SearchObject {
  package: {
    name: string;
    version: string;
    description?: string;
    keywords?: string[];
    date?: string;
    links?: { npm?: string; repository?: string; homepage?: string };
  };
}

const NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;

export function isElizaHit(hit: { name: string; keywords?: string[]; description?: string }): boolean {
  if (/^@elizaos(-plugins)?\/plugin-/.test(hit.name)) return true;
  if (/eliza/i.test(hit.name) && /plugin/i.test(hit.name)) return true;
  return (hit.keywords ?? []).some((k) => /eliza/i.test(k));
}

async function getJson(url: string, timeoutMs: number, accept = "application/json"): Promise<Response> {
  try {
    return await fetch(url, { headers: { accept }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new MiladyError(
      "timeout",
      `the npm registry (${new URL(url).origin}) ${timedOut ? "did not answer in time" : "cannot be reached"}`,
      "Check the network connection (and `npm config get registry`), then try again.",
    );
  }
}

async function byName(registry: string, name: string, timeoutMs: number): Promise<RegistryHit | undefined> {
  const response = await getJson(
    `${registry}/${name.replace("/", "%2f")}`,
    timeoutMs,
    "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8",
  );
  if (!response.ok) return undefined;
  const doc = (await response.json()) as {
    name?: string;
    "dist-tags"?: Record<string, string>;
    modified?: string;
    versions?: Record<string, { description?: string; keywords?: string[] }>;
  };
  const latest = doc["dist-tags"]?.latest;
  if (!doc.name || !latest) return undefined;
  const manifest = doc.versions?.[latest];
  return {
    name: doc.name,
    version: latest,
    description: manifest?.description,
    keywords: manifest?.keywords,
    date: doc.modified,
    link: `https://www.npmjs.com/package/${doc.name}`,
  };
}

/** Searches `registry` for elizaOS plugins matching `query`; bounded by `timeoutMs` per request. */
export async function searchPlugins(
  registry: string,
  query: string,
  opts: { limit?: number; timeoutMs?: number } = {},
): Promise<SearchAnswer> {
  const words = query.trim();
  if (words.length === 0 || words.length > 100) {
    throw new MiladyError("validation_failed", "q: give one to 100 characters to search for, e.g. telegram");
  }
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 50);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const url = `${registry}/-/v1/search?text=${encodeURIComponent(`${words} elizaos`)}&size=${Math.min(limit * 2, 100)}`;
  const response = await getJson(url, timeoutMs);
  if (response.ok) {
    const body = (await response.json()) as { objects?: SearchObject[] };
    const results = (body.objects ?? [])
      .map(({ package: p }) => ({
        name: p.name,
        version: p.version,
        description: p.description,
        keywords: p.keywords,
        date: p.date,
        link: p.links?.npm ?? p.links?.repository ?? p.links?.homepage,
      }))
      .filter(isElizaHit)
      .slice(0, limit);
    return { results, registry, mode: "search" };
  }
  if (response.status !== 404 && response.status !== 405 && response.status !== 501) {
    throw new MiladyError("internal", `the npm registry's search answered ${response.status}`, "Try again later.");
  }
  // No search API here: the names the query spells out.
  const slug = words
    .toLowerCase()
    .replace(/^@elizaos\/plugin-/, "")
    .replace(/\s+/g, "-");
  const names = [...new Set([words, `@elizaos/plugin-${slug}`].filter((n) => NAME.test(n)))];
  const hits = await Promise.all(names.map((name) => byName(registry, name, timeoutMs)));
  return { results: hits.filter((hit): hit is RegistryHit => hit !== undefined), registry, mode: "name" };
}
