import { desktopContract } from "../../src-shared/contracts";
import { type LockOwner, ownerAlive, readLock } from "./state-lock";

/** A desktop app that is still starting has the lock but not yet its address: wait this long for it. */
const ADDRESS_WAIT_MS = 20_000;
/** The running app answers in milliseconds; this only bounds a wedged one. */
const REQUEST_TIMEOUT_MS = 20_000;

export interface HandOff {
  stateDir: string;
  /** The owner named by StateDirLocked. */
  owner: LockOwner;
  /** The state dir's API token, when it has one (the route needs it like every other). */
  token?: string;
  /** A `milady://` link from argv, forwarded as it is: the running app is the one that checks it. */
  link?: string;
  addressWaitMs?: number;
}

export type HandOffResult =
  | { done: true; pid: number; url: string; link: "opened" | "ignored" | "none" }
  | { done: false; why: string };

async function addressOf(stateDir: string, owner: LockOwner, waitMs: number): Promise<LockOwner | undefined> {
  const deadline = Date.now() + waitMs;
  let current: LockOwner | undefined = owner;
  while (current && !current.url) {
    if (Date.now() > deadline || !ownerAlive(current)) return undefined;
    await Bun.sleep(100);
    const next = readLock(stateDir);
    current = next?.pid === owner.pid ? next : undefined;
  }
  return current;
}

/**
 * A second start on a state dir the desktop app holds: asks it to bring its window
 * forward (and to open `link`) instead of starting a second agent on the same database.
 * A headless owner is never asked: the caller keeps its "already running" error.
 */
export async function handOffToDesktopApp(input: HandOff): Promise<HandOffResult> {
  if (input.owner.mode !== "desktop") return { done: false, why: "the running Milady is headless" };
  const owner = await addressOf(input.stateDir, input.owner, input.addressWaitMs ?? ADDRESS_WAIT_MS);
  if (!owner?.url) return { done: false, why: "the running desktop app has no address yet" };
  const route = desktopContract.routes.focus;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (input.token) headers.authorization = `Bearer ${input.token}`;
  try {
    const res = await fetch(`${owner.url}${route.path}`, {
      method: route.method,
      headers,
      body: JSON.stringify(input.link === undefined ? {} : { link: input.link }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!res.ok) {
      await res.body?.cancel();
      return { done: false, why: `it answered ${res.status}` };
    }
    const body = route.response.parse(await res.json());
    return { done: true, pid: owner.pid, url: owner.url, link: body.link };
  } catch (error) {
    return { done: false, why: error instanceof Error ? error.message : String(error) };
  }
}
