import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { newId } from "../../src-shared/ids";
import { writeFileAtomic } from "../config/atomic-write";

/**
 * Paired devices, each with its own token. Only the token's SHA-256 is kept (a copied
 * devices.json opens nothing); the token itself is handed to the phone once, at pairing.
 */
const storedDeviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  pairedAt: z.number(),
  lastSeenAt: z.number().optional(),
  address: z.string().optional(),
});
export type StoredDevice = z.infer<typeof storedDeviceSchema>;
const fileSchema = z.object({ version: z.literal(1), devices: z.array(storedDeviceSchema) });

export const devicesPath = (stateDir: string) => join(stateDir, "devices.json");
/** Device tokens start with this, so a leaked one is recognisable (and never mistaken for the owner's). */
export const DEVICE_TOKEN_PREFIX = "mld_dev_";
/** Last-seen is kept in memory at once and written at most this often. */
const SEEN_WRITE_MS = 30_000;

const hashOf = (token: string) => createHash("sha256").update(token).digest();

export class DeviceStore {
  private devices: StoredDevice[];
  private lastWrite = 0;
  private pendingWrite: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly path: string,
    private readonly onProblem: (message: string) => void = () => undefined,
  ) {
    this.devices = this.read();
  }

  private read(): StoredDevice[] {
    if (!existsSync(this.path)) return [];
    try {
      return fileSchema.parse(JSON.parse(readFileSync(this.path, "utf8"))).devices;
    } catch (error) {
      // Unreadable: no device is trusted (fail closed) and the file is kept for the user to look at.
      this.onProblem(`${this.path} is unreadable (${String(error)}): paired devices must pair again`);
      return [];
    }
  }

  private write(): void {
    clearTimeout(this.pendingWrite);
    this.pendingWrite = undefined;
    this.lastWrite = Date.now();
    writeFileAtomic(this.path, `${JSON.stringify({ version: 1, devices: this.devices }, null, 2)}\n`, 0o600);
  }

  list(): readonly StoredDevice[] {
    return this.devices;
  }

  /** A new device and its token (the only time the token exists outside the phone). */
  add(name: string, address: string, now = Date.now()): { device: StoredDevice; token: string } {
    const token = `${DEVICE_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
    const device: StoredDevice = {
      id: newId(),
      name: name.trim().slice(0, 64) || "Phone",
      tokenHash: hashOf(token).toString("hex"),
      pairedAt: now,
      lastSeenAt: now,
      address,
    };
    this.devices = [...this.devices, device];
    this.write();
    return { device, token };
  }

  remove(id: string): boolean {
    const before = this.devices.length;
    this.devices = this.devices.filter((d) => d.id !== id);
    if (this.devices.length === before) return false;
    this.write();
    return true;
  }

  /** The device a token belongs to. Every stored hash is compared in constant time, with no early exit. */
  match(token: string | undefined): StoredDevice | undefined {
    if (!token?.startsWith(DEVICE_TOKEN_PREFIX)) return undefined;
    const given = hashOf(token);
    let found: StoredDevice | undefined;
    for (const device of this.devices) {
      if (timingSafeEqual(given, Buffer.from(device.tokenHash, "hex"))) found = device;
    }
    return found;
  }

  /** Marks a device seen now from `address`; written to disk at most every 30 s. */
  seen(id: string, address: string, now = Date.now()): void {
    const device = this.devices.find((d) => d.id === id);
    if (!device) return;
    device.lastSeenAt = now;
    device.address = address;
    if (now - this.lastWrite >= SEEN_WRITE_MS) this.write();
    else if (!this.pendingWrite) {
      this.pendingWrite = setTimeout(() => this.write(), SEEN_WRITE_MS);
      this.pendingWrite.unref?.();
    }
  }

  /** Writes what last-seen has not written yet (at shutdown). */
  flush(): void {
    if (this.pendingWrite) this.write();
  }
}
