import { afterAll, describe, expect, test } from "bun:test";
import { lanContract } from "../../src-shared/contracts";
import { envelope, statusFixture } from "../testing/fixtures";
import { lanStatusFixture } from "../testing/lan-fixtures";
import { startScriptedServer } from "../testing/scripted-server";
import { createEventSocket, type ResyncReason } from "./event-socket";

const srv = startScriptedServer();
afterAll(() => srv.stop());

// A hang bound: a loaded machine is slow, not wrong.
async function until(cond: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await Bun.sleep(10);
  }
}

describe("createEventSocket (real WebSocket on 127.0.0.1)", () => {
  test("sends the token as a subprotocol, replays after reconnect, resyncs on gap and new run", async () => {
    const events: string[] = [];
    const resyncs: ResyncReason[] = [];
    const sock = createEventSocket({
      url: `${srv.url.replace("http", "ws")}/ws`,
      getToken: () => "tok",
      onEvent: (e) => events.push(`${e.type}:${e.seq}`),
      onResync: (r) => resyncs.push(r),
      random: () => 0, // shortest jitter: 0.5 s first retry... clamped to the 0.5 s floor
    });
    sock.setCursor("run-1", 3);
    await until(() => srv.sockets.size === 1);
    expect(srv.protocols[0]).toBe("milady.v1, milady.bearer.tok");
    expect(srv.received[0]).toEqual({ type: "replay", runId: "run-1", sinceSeq: 3 });

    const [ws] = [...srv.sockets];
    ws.send(JSON.stringify(envelope("status", statusFixture(), { seq: 7 })));
    ws.send("not json");
    await until(() => events.length === 1);
    expect(sock.cursor()).toEqual({ runId: "run-1", seq: 7 });

    // Server drops us: the client comes back and asks for everything after seq 7.
    ws.close();
    await until(() => srv.received.length === 2);
    expect(srv.received[1]).toEqual({ type: "replay", runId: "run-1", sinceSeq: 7 });

    const [ws2] = [...srv.sockets];
    ws2.send(JSON.stringify(envelope("replay_gap", { fromSeq: 7, oldestAvailable: 50 }, { seq: 60 })));
    await until(() => resyncs.length === 1);
    expect(resyncs[0]).toBe("replay_gap");

    ws2.send(JSON.stringify(envelope("status", statusFixture(), { seq: 1, runId: "run-2" })));
    await until(() => resyncs.length === 2);
    expect(resyncs[1]).toBe("new_run");
    expect(sock.cursor()).toEqual({ runId: "run-2", seq: 1 });
    sock.close();
  });

  test("LAN events arrive validated like every other; a broken payload and unknown types are dropped", async () => {
    const events: string[] = [];
    await until(() => srv.sockets.size === 0); // the previous test's socket is gone
    const sock = createEventSocket({
      url: `${srv.url.replace("http", "ws")}/ws`,
      getToken: () => null,
      onEvent: (e) => events.push(e.type === "lan_status" ? `lan_status:${e.payload.name}` : e.type),
    });
    await until(() => srv.sockets.size === 1);
    const [ws] = [...srv.sockets];
    ws.send(JSON.stringify(envelope("status", statusFixture(), { seq: 4 })));
    ws.send(JSON.stringify(envelope("lan_status", lanStatusFixture({ name: "studio-mac" }), { seq: 5 })));
    ws.send(JSON.stringify(envelope("lan_status", { enabled: "yes" }, { seq: 6 }))); // breaks its schema
    ws.send(JSON.stringify(envelope("mystery", { a: 1 }, { seq: 7 })));
    ws.send(JSON.stringify(envelope("status", statusFixture(), { seq: 8 })));
    await until(() => events.length === 3);
    expect(events).toEqual(["status", "lan_status:studio-mac", "status"]);
    expect(sock.cursor().seq).toBe(8);
    sock.close();
  });
});
