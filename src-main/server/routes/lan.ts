import {
  type Device,
  type LanStatus,
  lanContract,
  type PairAnswer,
  type Pairing,
  type PairRequest,
} from "../../../src-shared/contracts";
import { MiladyError } from "../../../src-shared/protocol";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";

/** LAN access as the routes need it (src-main/lan/lan-access.ts); absent, every LAN route answers 404. */
export interface LanControl {
  readonly id: string;
  status(): LanStatus;
  set(enabled: boolean): Promise<LanStatus>;
  startPairing(): Promise<Pairing>;
  pair(code: string, deviceName: string, address: string): PairAnswer;
  decide(requestId: string, approve: boolean): void;
  pairing: {
    result(requestId: string): PairAnswer;
    pending(): PairRequest[];
  };
  listDevices(): Device[];
  revoke(id: string): void;
}

export function lanRoutes(deps: { lan?: LanControl } & ContractRouteOptions) {
  const lan = (): LanControl => {
    if (!deps.lan) throw new MiladyError("not_found", "this Milady has no LAN access");
    return deps.lan;
  };
  return implementRoutes(
    lanContract,
    {
      status: async () => lan().status(),
      set: async ({ body }) => lan().set(body.enabled),
      identity: async () => {
        const { id, name, fingerprint } = lan().status();
        return { id, name, v: 1 as const, fingerprint };
      },
      startPairing: async () => lan().startPairing(),
      requests: async () => ({ requests: lan().pairing.pending() }),
      decide: async ({ params, body }) => {
        lan().decide(params.requestId, body.approve);
        return { ok: true as const };
      },
      pair: async ({ body, address }) => lan().pair(body.code, body.deviceName, address),
      pairResult: async ({ params }) => lan().pairing.result(params.requestId),
      devices: async () => ({ devices: lan().listDevices() }),
      revoke: async ({ params }) => {
        lan().revoke(params.id);
        return { ok: true as const };
      },
    },
    deps,
  );
}
