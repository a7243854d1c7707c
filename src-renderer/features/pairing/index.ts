import { lanContract } from "../../../src-shared/contracts";
import { applyLanStatus, applyPairRequest, type ExtraEvent } from "../../stores";

export { PAIR_POLL_MS, PairPhone, qrImageSrc } from "./pair-phone";
export { ThisPhone } from "./this-phone";

/** LAN's /ws events (not in the shared envelope yet: see ExtraEvent), for initSession. */
export function lanEvents(): Record<string, ExtraEvent> {
  return {
    lan_status: {
      schema: lanContract.events.lan_status,
      handle: (payload) => applyLanStatus(payload as never),
    },
    pair_request: {
      schema: lanContract.events.pair_request,
      handle: (payload) => applyPairRequest(payload as never),
    },
  };
}
