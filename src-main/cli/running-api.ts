import { readRunFile } from "../app/run-file";
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
    throw new UsageError(error?.message ?? `the server answered ${response.status}`, error?.fix ?? "See the log.");
  }
  return answer;
}
