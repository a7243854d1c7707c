// LAN access on a real network: Milady in one network namespace, the "phone" in another,
// joined by a veth pair (test/support/netns.ts), so nothing leaves the machine. The phone's
// requests are made inside its namespace by test/support/ns-client.ts.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { MAIN, removeDir, tempStateDir } from "../support/milady-process";
import { createLan, type Lan } from "../support/netns";
import { type NsClient, nsClient } from "../support/ns-client-driver";
import { until } from "../support/until";

let lan: Lan;
let milady: Subprocess<"pipe", "pipe", "pipe">;
let stateDir: string;
let phone: NsClient;
/** The owner, on the desktop's own loopback. */
let owner: NsClient;
let local: string;
let remote: string;
let stderr = "";
/** What Milady wrote: its log file and its stderr so far. */
const logText = () => {
  let file = "";
  try {
    file = readFileSync(join(stateDir, "logs", "milady.log"), "utf8");
  } catch {}
  return file + stderr;
};

const ENV = {
  MILADY_SCRIPTED_MODEL: "1",
  MILADY_NO_UPDATE_CHECK: "1",
  MILADY_API_TOKEN: "",
  MILADY_STATE_DIR: "",
  OPENAI_API_KEY: "",
};

beforeAll(async () => {
  lan = await createLan();
  stateDir = tempStateDir("milady-lan-it-");
  milady = lan.desktop.bun([MAIN, "start", "--cli", "--port", "0", "--state-dir", stateDir, "--lan"], { env: ENV });
  void (async () => {
    const decoder = new TextDecoder();
    const reader = milady.stderr.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) stderr += decoder.decode(next.value);
  })();
  const run = await until(
    () => JSON.parse(readFileSync(join(stateDir, "milady.run.json"), "utf8")) as { url: string },
    60_000,
    "Milady to start in the desktop namespace",
  );
  local = run.url;
  remote = `https://${lan.desktop.address}:2139`;
  phone = nsClient(lan.phone);
  owner = nsClient(lan.desktop);
  await until(async () => (await owner.fetch(`${local}/api/status`)).body?.state === "running", 60_000, "the agent");
}, 120_000);

afterAll(async () => {
  phone?.close();
  owner?.close();
  milady?.kill("SIGTERM");
  await milady?.exited;
  await lan?.destroy();
  if (stateDir) removeDir(stateDir);
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function pairPhone(name: string, localAddress?: string): Promise<{ deviceId: string; token: string }> {
  const pairing = (await owner.fetch(`${local}/api/pair/start`, { method: "POST" })).body;
  const answer = await phone.fetch(`${remote}/api/auth/pair`, {
    method: "POST",
    body: { code: pairing.code, deviceName: name },
    localAddress,
  });
  expect(answer.status).toBe(200);
  expect(answer.body.status).toBe("paired");
  return answer.body;
}

describe("LAN access between two hosts", () => {
  test("from the phone: /api and /ws need a token (401 before any upgrade), the dashboard does not; loopback stays local", async () => {
    expect((await phone.fetch(`${remote}/api/status`)).status).toBe(401);
    expect((await phone.fetch(`${remote}/api/conversations`)).status).toBe(401);
    expect((await phone.upgrade(`${remote}/ws`)).status).toBe(401);
    const page = await phone.fetch(`${remote}/`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain("<html");
    expect((await phone.fetch(`${remote}/api/lan/identity`)).body).toMatchObject({ v: 1, name: "Milady" });
    // The loopback listener answers only inside the desktop's namespace.
    const port = new URL(local).port;
    expect((await phone.fetch(`http://${lan.desktop.address}:${port}/api/health`)).error).toMatch(/ECONNREFUSED/);
    // CORS: the phone app's own origin (Capacitor) on the LAN listener; no other site, and not on loopback.
    const preflight = (url: string, origin: string, client = phone) =>
      client.fetch(url, { method: "OPTIONS", headers: { origin, "access-control-request-headers": "authorization" } });
    const native = await preflight(`${remote}/api/status`, "capacitor://localhost");
    expect(native.status).toBe(204);
    expect(native.headers?.["access-control-allow-origin"]).toBe("capacitor://localhost");
    expect(native.headers?.["access-control-allow-headers"]).toContain("authorization");
    expect((await preflight(`${remote}/api/status`, "https://evil.example")).status).toBe(403);
    expect((await preflight(`${local}/api/status`, "capacitor://localhost", owner)).status).toBe(403);
    // A rebinding page arrives with its own host name: refused even with a token.
    const { token } = await pairPhone("Rebind check");
    const rebound = await phone.fetch(`${remote}/api/status`, {
      headers: { ...bearer(token), host: "evil.example:2139" },
    });
    expect(rebound.status).toBe(403);
    expect((await phone.fetch(`${remote}/`, { headers: { host: "evil.example:2139" } })).status).toBe(403);
    // A phone without a token is told to pair, not to paste a token.
    expect((await phone.fetch(`${remote}/api/status`)).body.error.fix).toContain("pair this device");
  });

  test("the QR carries the certificate's real fingerprint, the addresses and a one-time code; nothing secret is logged", async () => {
    const pairing = (await owner.fetch(`${local}/api/pair/start`, { method: "POST" })).body;
    expect(pairing.code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    expect(pairing.qr).toStartWith("<svg");
    const payload = JSON.parse(pairing.payload);
    expect(payload).toMatchObject({ v: 1, code: pairing.code, fingerprint: pairing.fingerprint });
    expect(payload.urls[0]).toBe(remote);
    const seen = await phone.peerCert(lan.desktop.address, 2139);
    expect(seen.fingerprint256).toBe(pairing.fingerprint);
    const status = (await owner.fetch(`${local}/api/lan`)).body;
    expect(status).toMatchObject({
      enabled: true,
      source: "flag",
      configured: false,
      fingerprint: pairing.fingerprint,
    });
    expect(status.urls[0]).toEqual({ url: remote, via: "eth0", kind: "lan" });
    await until(() => logText().includes("LAN access is on"), 10_000, "the log file");
    expect(logText()).not.toContain(pairing.code);
  });

  test("wrong codes are limited per address: the 6th try gets 429 even with the right code; another address pairs", async () => {
    const pairing = (await owner.fetch(`${local}/api/pair/start`, { method: "POST" })).body;
    for (let i = 0; i < 5; i++) {
      const wrong = await phone.fetch(`${remote}/api/auth/pair`, {
        method: "POST",
        body: { code: "ZZZZZZZZ", deviceName: "Guess" },
      });
      expect(wrong.status).toBe(401);
    }
    const blocked = await phone.fetch(`${remote}/api/auth/pair`, {
      method: "POST",
      body: { code: pairing.code, deviceName: "Guess" },
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("rate_limited");
    // A second address on the phone's host is another client: not affected.
    const second = lan.phone.address.replace(/\.2$/, ".3");
    await lan.phone.exec(["ip", "addr", "add", `${second}/24`, "dev", lan.phone.iface]);
    const other = await phone.fetch(`${remote}/api/auth/pair`, {
      method: "POST",
      body: { code: pairing.code, deviceName: "Other address" },
      localAddress: second,
    });
    expect(other.status).toBe(200);
    expect(other.body.status).toBe("paired");
  });

  test("a paired phone chats over the WebSocket with its own token; owner-only routes refuse it; revoking cuts the socket", async () => {
    const second = lan.phone.address.replace(/\.2$/, ".3");
    const { deviceId, token } = await pairPhone("Pixel", second);
    expect((await phone.fetch(`${remote}/api/status`, { headers: bearer(token) })).status).toBe(200);
    expect((await phone.fetch(`${remote}/api/devices`, { headers: bearer(token) })).status).toBe(403);
    expect((await phone.fetch(`${remote}/api/pair/start`, { method: "POST", headers: bearer(token) })).status).toBe(
      403,
    );
    // A phone reads and chats; what the agent is, runs with or does is the owner's.
    const refused = [
      ["PATCH", "/api/config", { config: { server: { lan: false } } }],
      ["GET", "/api/config", undefined],
      ["GET", "/api/logs", undefined],
      ["PUT", "/api/character", { name: "Pwned" }],
      ["POST", "/api/agent/stop", undefined],
      ["POST", "/api/agent/restart", undefined],
      ["DELETE", "/api/avatar", undefined],
      ["POST", "/api/models/download", { uri: "hf:x/y/z.gguf" }],
      ["POST", "/api/updates/check", undefined],
      ["POST", "/api/server/restart", undefined],
    ] as const;
    for (const [method, path, body] of refused) {
      const answer = await phone.fetch(`${remote}${path}`, { method, headers: bearer(token), body });
      expect(`${method} ${path} -> ${answer.status}`).toBe(`${method} ${path} -> 403`);
    }
    expect((await owner.fetch(`${local}/api/status`)).body.state).toBe("running");

    const socket = phone.ws(`wss://${lan.desktop.address}:2139/ws`, ["milady.v1", `milady.bearer.${token}`]);
    await socket.until((l) => l.ws === "open", "the phone's socket to open");
    const { conversation } = (
      await phone.fetch(`${remote}/api/conversations`, {
        method: "POST",
        headers: bearer(token),
        body: { title: "Phone" },
      })
    ).body;
    const sent = await phone.fetch(`${remote}/api/conversations/${conversation.id}/messages`, {
      method: "POST",
      headers: { ...bearer(token), accept: "application/json" },
      body: { text: "hello over the LAN" },
    });
    expect(sent.status).toBe(200);
    expect(sent.body.reply.text).toBe("Echo: hello over the LAN");
    await socket.until(
      (l) => l.data?.type === "conversation_update" && l.data.payload.message?.text === "Echo: hello over the LAN",
      "the reply to arrive on the phone's socket",
    );

    // Another phone pairing is owner news: the owner's socket hears of it, this phone's never does.
    const ownerSocket = owner.ws(`${local.replace("http", "ws")}/ws`, ["milady.v1"]);
    await ownerSocket.until((l) => l.ws === "open", "the owner's socket to open");
    await pairPhone("Second phone", second);
    await ownerSocket.until((l) => l.data?.type === "lan_status", "lan_status on the owner's socket");
    await socket.until((l) => l.data?.type === "status", "a status heartbeat on the phone's socket", 15_000);
    expect(socket.lines.some((l) => l.data?.type === "lan_status" || l.data?.type === "pair_request")).toBe(false);

    const devices = (await owner.fetch(`${local}/api/devices`)).body.devices;
    expect(devices.find((d: { id: string }) => d.id === deviceId)).toMatchObject({
      name: "Pixel",
      // Last seen from the address of its latest request (the socket, from the phone's first address).
      address: lan.phone.address,
      connected: true,
    });
    expect(JSON.stringify(devices)).not.toContain(token);
    expect(readFileSync(join(stateDir, "devices.json"), "utf8")).not.toContain(token);

    expect((await owner.fetch(`${local}/api/devices/${deviceId}`, { method: "DELETE" })).status).toBe(200);
    const closed = await socket.until((l) => l.ws === "close", "the revoked phone's socket to close");
    expect(closed.code).toBe(4401);
    expect((await phone.fetch(`${remote}/api/status`, { headers: bearer(token) })).status).toBe(401);
  });

  test("with approval on, the phone waits until the owner approves; the token is handed out once", async () => {
    expect(
      (
        await owner.fetch(`${local}/api/config`, {
          method: "PATCH",
          body: { config: { server: { pairing: { approve: true } } } },
        })
      ).status,
    ).toBe(200);
    const pairing = (await owner.fetch(`${local}/api/pair/start`, { method: "POST" })).body;
    const answer = await phone.fetch(`${remote}/api/auth/pair`, {
      method: "POST",
      body: { code: pairing.code, deviceName: "Tablet" },
      localAddress: lan.phone.address.replace(/\.2$/, ".3"),
    });
    expect(answer.body.status).toBe("pending");
    const { requestId } = answer.body;
    expect((await phone.fetch(`${remote}/api/auth/pair/${requestId}`)).body.status).toBe("pending");
    const waiting = (await owner.fetch(`${local}/api/pair/requests`)).body.requests;
    expect(waiting.map((r: { deviceName: string }) => r.deviceName)).toEqual(["Tablet"]);
    expect(
      (await owner.fetch(`${local}/api/pair/requests/${requestId}`, { method: "POST", body: { approve: true } }))
        .status,
    ).toBe(200);
    const paired = (await phone.fetch(`${remote}/api/auth/pair/${requestId}`)).body;
    expect(paired.status).toBe("paired");
    expect((await phone.fetch(`${remote}/api/status`, { headers: bearer(paired.token) })).status).toBe(200);
    expect((await phone.fetch(`${remote}/api/auth/pair/${requestId}`)).status).toBe(404);
    // Turning approval on or off never asks for an agent restart.
    const offAgain = { config: { server: { pairing: { approve: false } } } };
    expect((await owner.fetch(`${local}/api/config`, { method: "PATCH", body: offAgain })).status).toBe(200);
    expect((await owner.fetch(`${local}/api/status`)).body.restartPending).toBe(false);
  });

  test("LAN access off: nothing answers from the phone's side, open sockets close; on again from Settings, it persists", async () => {
    const { token } = await pairPhone("Before off", lan.phone.address.replace(/\.2$/, ".3"));
    const socket = phone.ws(`wss://${lan.desktop.address}:2139/ws`, ["milady.v1", `milady.bearer.${token}`]);
    await socket.until((l) => l.ws === "open", "the socket to open");
    // Advertised over mDNS while on: the phone's `milady lan scan` finds this agent by its id.
    const scan = async () => {
      const out = await lan.phone.exec([process.execPath, MAIN, "lan", "scan", "--json", "--timeout", "2500"], {
        env: { ...process.env, NO_COLOR: "1" },
      });
      return JSON.parse(out.stdout) as { id: string; port: number }[];
    };
    const { id } = (await owner.fetch(`${local}/api/lan`)).body;
    const found = await until(async () => (await scan()).find((a) => a.id === id), 30_000, "the agent over mDNS");
    expect(found?.port).toBe(2139);
    const off = await owner.fetch(`${local}/api/lan`, { method: "PUT", body: { enabled: false } });
    expect(off.body).toMatchObject({ enabled: false, configured: false, source: "off", urls: [] });
    await socket.until((l) => l.ws === "close", "the LAN socket to close");
    expect((await phone.fetch(`${remote}/api/health`)).error).toMatch(/ECONNREFUSED/);
    expect((await owner.fetch(`${local}/api/pair/start`, { method: "POST" })).status).toBe(409);
    // Withdrawn with goodbyes: a scan no longer finds it.
    expect((await scan()).some((a) => a.id === id)).toBe(false);

    // On again with the CLI on the desktop: it asks the running server, which applies it at once.
    const cli = await lan.desktop.exec([process.execPath, MAIN, "--state-dir", stateDir, "lan", "on"], {
      env: { ...process.env, NO_COLOR: "1", ...ENV },
    });
    expect(cli.stdout).toContain(`LAN access is on: ${remote}`);
    const on = await owner.fetch(`${local}/api/lan`);
    expect(on.body).toMatchObject({ enabled: true, configured: true, source: "config" });
    expect(JSON.parse(readFileSync(join(stateDir, "milady.json"), "utf8")).server.lan).toBe(true);
    await until(async () => (await phone.fetch(`${remote}/api/health`)).status === 200, 10_000, "LAN access back");
    // The same device token works again: devices survive LAN access going off and on.
    expect((await phone.fetch(`${remote}/api/status`, { headers: bearer(token) })).status).toBe(200);
  }, 120_000);

  test("no device token, owner token or pairing code ever reached the log", async () => {
    const secrets = readFileSync(join(stateDir, ".env"), "utf8");
    const ownerToken = /MILADY_OWNER_TOKEN=(\S+)/.exec(secrets)?.[1];
    expect(ownerToken).toBeTruthy();
    const text = logText();
    expect(text).toContain("LAN access is on");
    expect(text).not.toContain(ownerToken!);
    expect(text).not.toMatch(/mld_dev_/);
    // Who got in and who tried is on record (names and addresses only).
    expect(text).toMatch(/paired "Pixel" from 10\.213\.\d+\.3 as device/);
    expect(text).toMatch(/refused pairing "Guess" from 10\.213\.\d+\.2: too many wrong codes/);
    expect(text).toMatch(/approved pairing "Tablet"/);
  });
});
