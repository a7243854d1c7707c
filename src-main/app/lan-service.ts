import type { LanStatus, PairRequest } from "../../src-shared/contracts";
import type { FileConfigStore } from "../config";
import { lanAddresses } from "../lan/addresses";
import { type Advertise, LanAccess } from "../lan/lan-access";
import type { EventBus, RunningServer } from "../server";
import type { Logging } from "./core-services";
import { defineService, type Service } from "./service-host";

function realAdapters(): string[] | undefined {
  const names = [
    ...new Set(
      lanAddresses()
        .filter((a) => a.kind === "lan")
        .map((a) => a.via),
    ),
  ];
  return names.length > 0 ? names : undefined;
}

/** --lan or MILADY_LAN=1: LAN access for this run, not written to config. */
export function lanOverride(flag: boolean | undefined, env = process.env): "flag" | "env" | undefined {
  if (flag) return "flag";
  const value = env.MILADY_LAN?.toLowerCase();
  return value === "1" || value === "true" || value === "yes" ? "env" : undefined;
}

/**
 * LAN access in two steps around the server: the state (devices, pairing, the agent's id) before
 * it, so its routes and the LAN gate have it; the HTTPS listener and mDNS after it (`lanListenerService`).
 */
export function lanService(
  config: Service<FileConfigStore>,
  logging: Service<Logging>,
  events: Service<EventBus>,
  options: { override?: "flag" | "env"; advertise?: Advertise } = {},
): Service<LanAccess> {
  return defineService({
    name: "lan",
    deps: [config, logging, events],
    start: (get) =>
      new LanAccess({
        store: get(config),
        log: get(logging).logger("lan"),
        publish: (type: "lan_status" | "pair_request", payload: LanStatus | PairRequest) =>
          void get(events).publish(type, payload as never),
        override: options.override,
        advertise:
          options.advertise ??
          // mDNS (bonjour-service) loads only when LAN access turns on: ~10-20 ms off every start.
          (async (info) =>
            (await import("../lan/discovery")).advertiseAgent({
              ...info,
              tls: true,
              log: get(logging).logger("mdns"),
              // Real adapters only, when there are any: a VPN or a container bridge is not where the phone is.
              interfaces: realAdapters(),
            })),
      }),
    // Stopped by the listener service (it owns the socket and the mDNS goodbye); this only flushes.
    stop: (lan) => lan.devices.flush(),
  });
}

/** Turns LAN access on once the server listens (when wanted); stops it, with mDNS goodbyes, before the server stops. */
export function lanListenerService(lan: Service<LanAccess>, server: Service<RunningServer>): Service<LanAccess> {
  return defineService({
    name: "lan-listener",
    deps: [lan, server],
    start: async (get) => {
      await get(lan).attach(get(server));
      return get(lan);
    },
    stop: (access) => access.stop(),
  });
}
