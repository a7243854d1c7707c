import { newId } from "../../../src-shared/ids";
import { chosenProtocol } from "../auth";
import { offeredTokens } from "../gate";
import { errorResponse } from "../respond";
import { wsDataFromUrl } from "../ws";
import type { Middleware } from "./pipeline";

/** /ws: the token (header, subprotocol or ?token=) is checked before the upgrade, so a refusal is a plain 401. */
export function upgradeWebSocket(): Middleware {
  return (ctx, next) => {
    if (ctx.area !== "ws") return next();
    const { request, url, server } = ctx;
    const caller = ctx.gate.callerOf(offeredTokens(request, url, "ws"), ctx.address);
    if (caller.kind === "none") {
      return errorResponse(
        "unauthorized",
        "missing or wrong API token for /ws",
        'offer the subprotocols "milady.v1" and "milady.bearer.<token>", or add ?token=',
      );
    }
    // A device's socket is tagged with it, so revoking the device closes the socket at once.
    const requested = wsDataFromUrl(url, newId());
    const data = {
      ...requested,
      // The live log is the owner's, like GET /api/logs: a phone asking for it gets the events without it.
      logs: requested.logs && caller.kind === "owner",
      deviceId: caller.kind === "device" ? caller.deviceId : undefined,
      lan: ctx.listener === "lan",
    };
    const protocol = chosenProtocol(request);
    const upgraded = server.upgrade(request, {
      data,
      headers: protocol ? { "sec-websocket-protocol": protocol } : undefined,
    });
    return upgraded
      ? undefined
      : errorResponse("bad_request", "/ws expects a WebSocket upgrade", "connect with new WebSocket(url)");
  };
}
