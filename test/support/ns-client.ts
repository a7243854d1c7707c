/**
 * A client that runs inside a test network namespace (test/support/netns.ts), driven by the
 * test over stdin/stdout, one JSON object per line:
 *
 *   {"id":1,"op":"fetch","url":"https://10.213.7.1:2139/api/status","headers":{},"body":…,"localAddress":…}
 *     -> {"id":1,"status":200,"body":…} or {"id":1,"error":"ECONNREFUSED …"}
 *   {"id":2,"op":"upgrade","url":"https://…/ws","headers":{}}   raw WebSocket upgrade: -> {"id":2,"status":401}
 *   {"id":3,"op":"ws","url":"wss://…/ws","protocols":["milady.v1","milady.bearer.T"]}
 *     -> {"id":3,"ws":"open"}, then {"id":3,"ws":"message","data":…} …, {"id":3,"ws":"close","code":4401}
 *   {"id":4,"op":"peer-cert","host":"10.213.7.1","port":2139}  -> {"id":4,"fingerprint256":"AB:CD:…"}
 *
 * The test's own process cannot reach a namespace; this is its hands there. Certificates are
 * not verified (the test checks the fingerprint itself, the way a phone does).
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect } from "node:tls";

type Command =
  | {
      id: number;
      op: "fetch";
      url: string;
      method?: string;
      headers?: Record<string, string>;
      body?: unknown;
      localAddress?: string;
    }
  | { id: number; op: "upgrade"; url: string; headers?: Record<string, string> }
  | { id: number; op: "ws"; url: string; protocols?: string[] }
  | { id: number; op: "peer-cert"; host: string; port: number };

const say = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);

function raw(
  url: string,
  options: { method: string; headers: Record<string, string>; body?: string; localAddress?: string },
): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  const target = new URL(url);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, { ...options, rejectUnauthorized: false, timeout: 10_000 }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

async function run(command: Command): Promise<void> {
  const { id } = command;
  try {
    switch (command.op) {
      case "fetch": {
        const body = command.body === undefined ? undefined : JSON.stringify(command.body);
        const headers = { ...(body ? { "content-type": "application/json" } : {}), ...command.headers };
        const res = await raw(command.url, {
          method: command.method ?? "GET",
          headers,
          body,
          localAddress: command.localAddress,
        });
        let parsed: unknown = res.text;
        try {
          parsed = JSON.parse(res.text);
        } catch {}
        say({ id, status: res.status, body: parsed, headers: res.headers });
        return;
      }
      case "upgrade": {
        const res = await raw(command.url, {
          method: "GET",
          headers: {
            connection: "Upgrade",
            upgrade: "websocket",
            "sec-websocket-version": "13",
            "sec-websocket-key": Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64"),
            ...command.headers,
          },
        });
        say({ id, status: res.status });
        return;
      }
      case "ws": {
        const ws = new WebSocket(command.url, {
          protocols: command.protocols,
          tls: { rejectUnauthorized: false },
        } as never);
        ws.onopen = () => say({ id, ws: "open", protocol: ws.protocol });
        ws.onmessage = (event) => say({ id, ws: "message", data: JSON.parse(String(event.data)) });
        ws.onclose = (event) => say({ id, ws: "close", code: event.code, reason: event.reason });
        ws.onerror = () => say({ id, ws: "error" });
        return;
      }
      case "peer-cert": {
        const socket = connect({ host: command.host, port: command.port, rejectUnauthorized: false }, () => {
          say({ id, fingerprint256: socket.getPeerCertificate().fingerprint256 });
          socket.end();
        });
        socket.on("error", (error) => say({ id, error: String(error) }));
        return;
      }
    }
  } catch (error) {
    say({ id, error: String(error) });
  }
}

const decoder = new TextDecoder();
let buffer = "";
const reader = Bun.stdin.stream().getReader();
for (let next = await reader.read(); !next.done; next = await reader.read()) {
  buffer += decoder.decode(next.value);
  for (let at = buffer.indexOf("\n"); at >= 0; at = buffer.indexOf("\n")) {
    const line = buffer.slice(0, at).trim();
    buffer = buffer.slice(at + 1);
    if (line) void run(JSON.parse(line) as Command);
  }
}
