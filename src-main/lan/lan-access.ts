import { randomBytes } from "node:crypto";
import { type NetworkInterfaceInfo, networkInterfaces } from "node:os";
import type { Device, LanStatus, PairAnswer, Pairing as PairingView, PairRequest } from "../../src-shared/contracts";
import { MiladyError } from "../../src-shared/protocol";
import type { FileConfigStore } from "../config";
import type { Logger } from "../logging";
import { lanGate } from "../server/gate";
import type { LanListener, RunningServer } from "../server/types";
import { lanAddresses, lanUrls } from "./addresses";
import { type LanCertificate, loadOrCreateCertificate } from "./certificate";
import { DeviceStore, devicesPath } from "./device-store";
import { agentLanId } from "./identity";
import { Pairing } from "./pairing";
import { qrSvg } from "./qr";

/** What advertises the agent over mDNS while LAN access is on (src-main/lan/discovery.ts). */
export interface Advertiser {
  /** False when it could not advertise (no interface, port 5353 taken); `problem` says why. */
  readonly advertised: boolean;
  readonly problem: string | undefined;
  /** Withdraws the records (goodbye packets, TTL 0) before it resolves. */
  stop(): Promise<void>;
}
export type Advertise = (info: { id: string; name: string; port: number }) => Promise<Advertiser>;

export interface LanAccessOptions {
  store: FileConfigStore;
  log: Logger;
  /** Sequenced /ws events: lan_status, pair_request. */
  publish: {
    (type: "lan_status", payload: LanStatus): void;
    (type: "pair_request", payload: PairRequest): void;
  };
  /** LAN access for this run only: `--lan` ("flag") or MILADY_LAN=1 ("env"); never written to config. */
  override?: "flag" | "env";
  advertise?: Advertise;
  /** The address the LAN listener binds (all IPv4 interfaces unless a test says otherwise). */
  bindHost?: string;
  interfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
}

const OFF_FIX =
  'Turn LAN access on under "Pair a phone" in the Settings tab (or in the tray), or start with `milady start --lan`.';

/**
 * LAN access: the HTTPS listener for other hosts, the certificate, pairing, the paired devices
 * and the mDNS advertisement, turned on and off as one. Loopback keeps working whatever happens
 * here; a failure to turn on (a taken port) is kept as the status's `problem`, not thrown.
 */
export class LanAccess {
  readonly id: string;
  readonly devices: DeviceStore;
  readonly pairing: Pairing;
  private server: RunningServer | undefined;
  private listener: LanListener | undefined;
  private advertiser: Advertiser | undefined;
  private cert: LanCertificate | undefined;
  private problem: string | undefined;
  private override: "flag" | "env" | undefined;
  private applying: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly requestListeners = new Set<(request: PairRequest) => void>();
  private readonly statusListeners = new Set<(status: LanStatus) => void>();
  private offConfig: (() => void) | undefined;
  private lastConfigured: boolean;

  constructor(private readonly options: LanAccessOptions) {
    const { store, log } = options;
    this.id = agentLanId(store.paths.stateDir);
    this.override = options.override;
    this.devices = new DeviceStore(devicesPath(store.paths.stateDir), (m) => log.warn(m));
    this.pairing = new Pairing({
      devices: this.devices,
      approve: () => store.current().server.pairing.approve,
      onRequest: (request) => {
        options.publish("pair_request", request);
        for (const listener of this.requestListeners) listener(request);
      },
    });
    this.lastConfigured = store.current().server.lan;
  }

  private interfaces() {
    return (this.options.interfaces ?? networkInterfaces)();
  }

  private get name(): string {
    return this.options.store.current().character.name || "Milady";
  }

  /** On when config says so, or for this run when --lan / MILADY_LAN asked. */
  wanted(): boolean {
    return this.override !== undefined || this.options.store.current().server.lan;
  }

  /** Called once the server listens: turns LAN access on when wanted, and follows config from then on. */
  attach(server: RunningServer): Promise<void> {
    this.server = server;
    this.offConfig = this.options.store.onChange((config) => {
      if (config.server.lan === this.lastConfigured) return;
      this.lastConfigured = config.server.lan;
      void this.apply();
    });
    return this.apply();
  }

  /** Turns LAN access on or off now and in config (server.lan); a run-only --lan is replaced by the choice. */
  async set(enabled: boolean): Promise<LanStatus> {
    this.override = undefined;
    this.lastConfigured = enabled;
    await this.options.store.patch({ config: { server: { lan: enabled } } });
    await this.apply();
    return this.status();
  }

  private apply(): Promise<void> {
    this.applying = this.applying.then(async () => {
      if (this.stopped || !this.server) return;
      const want = this.wanted();
      if (want && !this.listener) await this.turnOn(this.server);
      else if (!want && this.listener) await this.turnOff();
      else if (!want) this.problem = undefined;
      this.changed();
    });
    return this.applying;
  }

  private async turnOn(server: RunningServer): Promise<void> {
    const { store, log } = this.options;
    this.problem = undefined;
    try {
      await this.ensureOwnerToken();
      this.cert = await loadOrCreateCertificate(store.paths.stateDir, {
        agentId: this.id,
        addresses: lanAddresses(this.interfaces()).map((a) => a.address),
      });
      this.listener = server.listenLan({
        hostname: this.options.bindHost ?? "0.0.0.0",
        port: store.current().server.lanPort,
        tls: { cert: this.cert.certPem, key: this.cert.keyPem },
        gate: lanGate({
          ownerTokens: () => {
            const secrets = store.secrets();
            return [secrets.MILADY_OWNER_TOKEN, secrets.MILADY_API_TOKEN].filter((t): t is string => Boolean(t));
          },
          matchDevice: (token) => this.devices.match(token),
          onDeviceSeen: (id, address) => this.devices.seen(id, address),
        }),
      });
    } catch (error) {
      this.problem = describeStartProblem(error, store.current().server.lanPort);
      log.warn(`LAN access did not start: ${this.problem}`);
      return;
    }
    const port = this.listener.port;
    const urls = lanUrls(port, this.interfaces());
    log.info(
      `LAN access is on: ${urls.map((u) => u.url).join(", ") || `port ${port} (no LAN interface yet)`}; certificate ${this.cert.fingerprint}`,
    );
    if (this.options.advertise) {
      try {
        this.advertiser = await this.options.advertise({ id: this.id, name: this.name, port });
      } catch (error) {
        // Pairing by QR or typed address still works without discovery.
        log.warn(`mDNS advertising failed (${String(error)}); phones can still pair with the QR code or the address`);
      }
    }
  }

  private async turnOff(): Promise<void> {
    const advertiser = this.advertiser;
    const listener = this.listener;
    this.advertiser = undefined;
    this.listener = undefined;
    await advertiser?.stop().catch((e: unknown) => this.options.log.warn(`mDNS goodbye failed: ${String(e)}`));
    await listener?.stop();
    this.options.log.info("LAN access is off: only this machine can reach Milady");
  }

  /** The owner token for other hosts, generated into the state .env the first time LAN access is used. */
  private async ensureOwnerToken(): Promise<void> {
    const { store } = this.options;
    if (store.secrets().MILADY_OWNER_TOKEN) return;
    const token = randomBytes(24).toString("base64url");
    await store.patch({ secrets: { MILADY_OWNER_TOKEN: token } }, { allowAnySecret: true });
  }

  status(): LanStatus {
    const config = this.options.store.current();
    const port = this.listener?.port ?? config.server.lanPort;
    return {
      enabled: this.listener !== undefined,
      configured: config.server.lan,
      source: this.override ?? (config.server.lan ? "config" : "off"),
      id: this.id,
      name: this.name,
      port,
      urls: this.listener ? lanUrls(port, this.interfaces()) : [],
      fingerprint: this.cert?.fingerprint,
      approve: config.server.pairing.approve,
      codeExpiresAt: this.pairing.liveUntil(),
      advertised: this.advertiser?.advertised ?? false,
      problem: this.problem,
    };
  }

  private changed(): void {
    const status = this.status();
    this.options.publish("lan_status", status);
    for (const listener of this.statusListeners) listener(status);
  }

  onStatus(listener: (status: LanStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** A phone waits for Approve (the desktop layer shows a notification). */
  onPairRequest(listener: (request: PairRequest) => void): () => void {
    this.requestListeners.add(listener);
    return () => this.requestListeners.delete(listener);
  }

  async startPairing(): Promise<PairingView> {
    const status = this.status();
    if (!status.enabled || !this.cert) throw new MiladyError("conflict", "LAN access is off", OFF_FIX);
    if (status.urls.length === 0) {
      throw new MiladyError(
        "conflict",
        "this machine has no LAN address",
        "Connect it to the Wi-Fi or Ethernet the phone uses, then try again.",
      );
    }
    const { code, expiresAt } = this.pairing.start();
    this.changed();
    const payload = {
      v: 1 as const,
      id: this.id,
      name: this.name,
      urls: status.urls.map((u) => u.url),
      code,
      fingerprint: this.cert.fingerprint,
    };
    return {
      code,
      expiresAt,
      urls: status.urls,
      fingerprint: this.cert.fingerprint,
      qr: await qrSvg(payload),
      payload: JSON.stringify(payload),
    };
  }

  /** A phone's try. Every outcome is logged (name and address, never the code or the token): who got in, and who tried. */
  pair(code: string, deviceName: string, address: string): PairAnswer {
    const { log } = this.options;
    const who = `"${deviceName.slice(0, 64)}" from ${address || "an unknown address"}`;
    try {
      const answer = this.pairing.pair(code, deviceName, address);
      if (answer.status === "paired") log.info(`paired ${who} as device ${answer.deviceId}`);
      else if (answer.status === "pending") log.info(`pairing ${who} waits for approval (request ${answer.requestId})`);
      this.changed();
      return answer;
    } catch (error) {
      const why =
        error instanceof MiladyError && error.code === "rate_limited"
          ? "too many wrong codes"
          : "wrong, used or expired code";
      log.warn(`refused pairing ${who}: ${why}`);
      throw error;
    }
  }

  /** The owner's Approve / Deny, logged like a pairing. */
  decide(requestId: string, approve: boolean): void {
    const request = this.pairing.pending().find((r) => r.requestId === requestId);
    this.pairing.decide(requestId, approve);
    this.options.log.info(
      `${approve ? "approved" : "denied"} pairing "${request?.deviceName ?? "?"}" from ${request?.address ?? "?"}`,
    );
    this.changed();
  }

  listDevices(): Device[] {
    const connected = this.server?.connectedDevices() ?? new Set<string>();
    return this.devices.list().map(({ id, name, pairedAt, lastSeenAt, address }) => ({
      id,
      name,
      pairedAt,
      lastSeenAt,
      address,
      connected: connected.has(id),
    }));
  }

  /** Forgets a device: its token stops working and its sockets close now (4401 tells the phone to pair again). */
  revoke(id: string): void {
    if (!this.devices.remove(id))
      throw new MiladyError(
        "not_found",
        "no such paired device",
        "List them with `milady devices` (or GET /api/devices).",
      );
    this.server?.closeSockets((data) => data.deviceId === id, 4401, "this device was revoked");
    this.options.log.info(`device ${id} revoked`);
    this.changed();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.offConfig?.();
    await this.applying;
    if (this.listener) await this.turnOff();
    this.devices.flush();
  }
}

function describeStartProblem(error: unknown, port: number): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/EADDRINUSE|address already in use|in use/i.test(message)) {
    return `port ${port} is taken by another program: set another with \`milady config set server.lanPort <port>\` and turn LAN access on again`;
  }
  return `${message}; see the Logs tab and try again`;
}
