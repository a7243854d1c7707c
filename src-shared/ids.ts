/** A random v4 UUID from the platform's crypto (Bun, Node 20 and browsers all have it). */
export function newId(): string {
  return globalThis.crypto.randomUUID();
}
