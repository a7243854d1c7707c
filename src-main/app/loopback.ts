import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

/** 127.0.0.0/8 and ::1 (also as an IPv4-mapped ::ffff:127.x): only this machine can reach them. */
export function isLoopbackAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, "").toLowerCase();
  if (ip === "::1") return true;
  const v4 = ip.startsWith("::ffff:") ? ip.slice(7) : ip;
  return isIP(v4) === 4 && v4.startsWith("127.");
}

/**
 * Whether a bind address keeps the server to this machine, decided on the addresses it
 * resolves to, never on its spelling: "127.0.0.1.rebind.example" can resolve to a LAN address.
 * A name that does not resolve is not loopback (the server then fails to bind and says so).
 */
export async function bindIsLoopback(
  bind: string,
  resolve: (host: string) => Promise<{ address: string }[]> = (host) => lookup(host, { all: true }),
): Promise<boolean> {
  const host = bind.replace(/^\[|\]$/g, "");
  if (isIP(host)) return isLoopbackAddress(host);
  try {
    const addresses = await resolve(host);
    return addresses.length > 0 && addresses.every((a) => isLoopbackAddress(a.address));
  } catch {
    return false;
  }
}
