import { MiladyError } from "../../src-shared/protocol";
import type { InstallProgress } from "./installer";

/**
 * Reading npm: its `--loglevel=http` stderr lines become progress events, its `--json` stdout
 * error becomes a MiladyError that says what happened in the user's words.
 */

const FETCH = /^npm http fetch GET (\d{3}) (\S+)/;
const CACHE = /^npm http cache (\S+?)@(\S+)/;

/** One stderr line -> a progress event, or undefined for noise. */
export function progressFromLine(line: string): InstallProgress | undefined {
  const fetch = FETCH.exec(line);
  if (fetch) {
    const url = fetch[2] ?? "";
    const last = decodeURIComponent(url.split("/").slice(3).join("/"));
    if (url.endsWith(".tgz")) return { phase: "downloading", message: `downloading ${last.split("/-/").pop()}` };
    return { phase: "resolving", message: `resolving ${last}` };
  }
  const cache = CACHE.exec(line);
  if (cache) return { phase: "downloading", message: `unpacking ${cache[1]}` };
  if (/^npm (warn|WARN) deprecated/.test(line)) return { phase: "resolving", message: line.replace(/^npm /, "") };
  return undefined;
}

interface NpmJsonError {
  code?: string;
  summary?: string;
  detail?: string;
}

/** The `error` object npm prints with --json (the last JSON object on stdout). */
export function npmJsonError(stdout: string): NpmJsonError | undefined {
  const start = stdout.indexOf("{");
  if (start < 0) return undefined;
  try {
    const parsed = JSON.parse(stdout.slice(start)) as { error?: NpmJsonError };
    return parsed.error;
  } catch {
    return undefined;
  }
}

const OFFLINE =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network|socket hang up/i;

/** npm failed: the reason by name (unknown package, no network, a version that does not exist...). */
export function npmFailure(spec: string, stdout: string, stderr: string): MiladyError {
  const error = npmJsonError(stdout);
  const code = error?.code ?? "";
  const text = `${error?.summary ?? ""}\n${error?.detail ?? ""}\n${stderr}`;
  if (code === "E404" || /\b404\b.*Not Found/i.test(text)) {
    return new MiladyError(
      "not_found",
      `${spec}: there is no such package on the npm registry`,
      "Check the name (elizaOS plugins are usually @elizaos/plugin-NAME); `milady plugins search WORD` finds them.",
    );
  }
  if (code === "ETARGET" || /No matching version/i.test(text)) {
    return new MiladyError(
      "not_found",
      `${spec}: no published version matches`,
      "`npm view NAME versions` lists the versions; install NAME alone for the latest.",
    );
  }
  if (OFFLINE.test(code) || OFFLINE.test(text)) {
    return new MiladyError(
      "timeout",
      `${spec}: the npm registry cannot be reached (${code || "network error"})`,
      "Check the network connection (and `npm config get registry`), then try again.",
    );
  }
  if (code === "ERESOLVE" || code === "EBADENGINE" || code === "EUNSUPPORTEDPROTOCOL") {
    return new MiladyError("conflict", `${spec}: npm refused the install (${code}): ${error?.summary ?? ""}`.trim());
  }
  const summary = (error?.summary || stderr.split("\n").filter((l) => /npm (error|ERR!)/.test(l))[0] || "").trim();
  return new MiladyError(
    "internal",
    `${spec}: npm install failed${code ? ` (${code})` : ""}${summary ? `: ${summary}` : ""}`,
    "Run the same install with --debug to see npm's log.",
  );
}
