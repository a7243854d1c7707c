import { type ErrorCode, MiladyError } from "../../src-shared/protocol";
import { environmentTokenFix, readRunFile } from "../app/run-file";
import type { FileConfigStore } from "../config";
import { UsageError } from "./context";

/**
 * Calls the Milady running on this state dir, over its loopback address (where the caller is
 * the owner). For the commands that act on a live server: pair, devices.
 */
export async function callRunning<T>(
  store: FileConfigStore,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
  /** A run of a trigger waits for a whole model turn; everything else answers at once. */
  timeoutMs = 15_000,
): Promise<T> {
  const run = readRunFile(store.paths.stateDir);
  const notRunning = new UsageError(
    `Milady is not running on ${store.paths.stateDir}`,
    "Start it first (`milady start`, or open the desktop app), then run this again.",
  );
  if (!run?.url) throw notRunning;
  const token = store.secrets().MILADY_API_TOKEN;
  let response: Response;
  try {
    response = await fetch(`${run.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw notRunning;
  }
  const answer = (await response.json().catch(() => ({}))) as T & { error?: { message?: string; fix?: string } };
  if (!response.ok) {
    const error = answer.error;
    const tokenFix = response.status === 401 ? environmentTokenFix(store.paths.stateDir) : undefined;
    throw new UsageError(
      error?.message ?? `the server answered ${response.status}`,
      tokenFix ?? error?.fix ?? "See the log.",
    );
  }
  return answer;
}

/**
 * The Milady running on this state dir when it answers its health check (the same run, not
 * another Milady that took the port since), else undefined: a command then works on the state
 * directly. The same check `milady plugins` makes.
 */
export async function findRunningApi(store: FileConfigStore): Promise<{ url: string; token?: string } | undefined> {
  const run = readRunFile(store.paths.stateDir);
  if (!run?.url) return undefined;
  const token = store.secrets().MILADY_API_TOKEN;
  try {
    const health = await fetch(`${run.url}/api/health`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(3000),
    });
    const body = (await health.json().catch(() => ({}))) as { runId?: string };
    if (health.ok && (!run.runId || !body.runId || body.runId === run.runId)) return { url: run.url, token };
  } catch {
    // A run file left by a Milady that is gone.
  }
  return undefined;
}

/** The running Milady's error answer as a MiladyError, with the fix for a token the CLI cannot see. */
export async function answerError(response: Response, stateDir: string): Promise<MiladyError> {
  const body = (await response.json().catch(() => ({}))) as {
    error?: { code?: ErrorCode; message?: string; fix?: string };
  };
  const tokenFix = response.status === 401 ? environmentTokenFix(stateDir) : undefined;
  return new MiladyError(
    body.error?.code ?? "internal",
    body.error?.message ?? `the server answered ${response.status}`,
    tokenFix ?? body.error?.fix,
  );
}
