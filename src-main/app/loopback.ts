/** True for addresses only this machine can reach. */
export function isLoopback(bind: string): boolean {
  const host = bind.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}
