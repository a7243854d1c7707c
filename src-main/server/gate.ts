import { bearerFrom, tokenMatches, WS_BEARER_PREFIX } from "./auth";

/**
 * Who is calling, decided once per request by the listener it came in on:
 * - `owner`: the person at the desktop (a loopback client, or anyone with the owner token);
 * - `device`: a paired phone, by its own token;
 * - `none`: no valid token.
 */
export type Caller = { kind: "owner" } | { kind: "device"; deviceId: string } | { kind: "none" };

/** Decides the caller from the tokens a request offers (header, `?token=`, WS subprotocol). */
export interface Gate {
  callerOf(tokens: readonly string[], address: string): Caller;
}

/** The loopback listener: everyone is the owner, unless MILADY_API_TOKEN (or a generated one) is required. */
export function localGate(token: string | undefined): Gate {
  return {
    callerOf(tokens) {
      if (!token) return { kind: "owner" };
      // Every candidate is checked (no early exit), so timing does not say which one matched.
      let ok = false;
      for (const candidate of tokens) if (tokenMatches(candidate, token)) ok = true;
      return ok ? { kind: "owner" } : { kind: "none" };
    },
  };
}

/** The LAN listener: the owner token(s), or a paired device's own token; nothing else. */
export function lanGate(deps: {
  ownerTokens: () => readonly string[];
  matchDevice: (token: string) => { id: string } | undefined;
  onDeviceSeen?: (deviceId: string, address: string) => void;
}): Gate {
  return {
    callerOf(tokens, address) {
      let owner = false;
      let device: { id: string } | undefined;
      for (const candidate of tokens) {
        for (const ownerToken of deps.ownerTokens()) if (tokenMatches(candidate, ownerToken)) owner = true;
        device ??= deps.matchDevice(candidate);
      }
      if (owner) return { kind: "owner" };
      if (!device) return { kind: "none" };
      deps.onDeviceSeen?.(device.id, address);
      return { kind: "device", deviceId: device.id };
    },
  };
}

/** Every token a request offers: the bearer header, `?token=` (WebSocket URLs) and `milady.bearer.*` subprotocols. */
export function offeredTokens(request: Request, url: URL, area: "api" | "ws" | "static"): string[] {
  const tokens: string[] = [];
  const bearer = bearerFrom(request);
  if (bearer) tokens.push(bearer);
  if (area === "ws") {
    const query = url.searchParams.get("token");
    if (query) tokens.push(query);
    for (const protocol of (request.headers.get("sec-websocket-protocol") ?? "").split(",")) {
      const p = protocol.trim();
      if (p.startsWith(WS_BEARER_PREFIX)) tokens.push(p.slice(WS_BEARER_PREFIX.length));
    }
  }
  return tokens;
}
