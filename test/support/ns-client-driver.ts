import type { Host } from "./netns";
import { until } from "./until";

/** One line ns-client.ts wrote for a command. */
export interface NsLine {
  id: number;
  status?: number;
  body?: any;
  headers?: Record<string, string>;
  error?: string;
  ws?: "open" | "message" | "close" | "error";
  data?: any;
  code?: number;
  fingerprint256?: string;
}

export interface NsSocket {
  lines: NsLine[];
  /** Waits (bounded) for a line of this socket that `pick` accepts. */
  until(pick: (line: NsLine) => boolean, what: string, timeoutMs?: number): Promise<NsLine>;
}

/** Drives test/support/ns-client.ts inside a namespace: the test's HTTP, WebSocket and TLS hands there. */
export function nsClient(host: Host) {
  const proc = host.bun(["test/support/ns-client.ts"], { stdin: "pipe" });
  const lines: NsLine[] = [];
  let stderr = "";
  let nextId = 1;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    const reader = proc.stdout.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      buffer += decoder.decode(next.value);
      for (let at = buffer.indexOf("\n"); at >= 0; at = buffer.indexOf("\n")) {
        const line = buffer.slice(0, at).trim();
        buffer = buffer.slice(at + 1);
        if (line) lines.push(JSON.parse(line) as NsLine);
      }
    }
  })();
  void new Response(proc.stderr).text().then((text) => {
    stderr = text;
  });
  const send = (command: Record<string, unknown>): number => {
    const id = nextId++;
    proc.stdin.write(`${JSON.stringify({ id, ...command })}\n`);
    proc.stdin.flush();
    return id;
  };
  const answer = (id: number, what: string, timeoutMs = 20_000): Promise<NsLine> =>
    until(() => lines.find((l) => l.id === id), timeoutMs, `${what} (ns-client stderr: ${stderr})`) as Promise<NsLine>;

  return {
    fetch(
      url: string,
      init: { method?: string; headers?: Record<string, string>; body?: unknown; localAddress?: string } = {},
    ) {
      return answer(send({ op: "fetch", url, ...init }), `${init.method ?? "GET"} ${url}`);
    },
    upgrade(url: string, headers: Record<string, string> = {}) {
      return answer(send({ op: "upgrade", url, headers }), `upgrade ${url}`);
    },
    peerCert(hostName: string, port: number) {
      return answer(send({ op: "peer-cert", host: hostName, port }), `certificate of ${hostName}:${port}`);
    },
    ws(url: string, protocols: string[]): NsSocket {
      const id = send({ op: "ws", url, protocols });
      const mine = () => lines.filter((l) => l.id === id);
      return {
        get lines() {
          return mine();
        },
        until: (pick, what, timeoutMs = 20_000) => until(() => mine().find(pick), timeoutMs, what) as Promise<NsLine>,
      };
    },
    close() {
      proc.kill();
    },
  };
}
export type NsClient = ReturnType<typeof nsClient>;
