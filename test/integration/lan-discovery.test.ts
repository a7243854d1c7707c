// LAN discovery between two real hosts: the desktop and the phone are two network namespaces
// on a veth pair (test/support/netns.ts), so the mDNS traffic never leaves the machine. The
// desktop advertises with src-main/lan/discovery.ts; the phone runs the real `milady lan scan`
// and a browser that reports what comes off the wire.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { MAIN } from "../support/milady-process";
import { createLan, type Host, type Lan, listNamespaces } from "../support/netns";
import { until } from "../support/until";

const ADVERTISE = "test/support/lan-advertise.ts";
const WATCH = "test/support/lan-watch.ts";
const FIND = "test/support/lan-find.ts";
const ROOT = join(import.meta.dir, "..", "..");
const ID = "5b0e2c4a-9d1f-4a8e-b7c3-6f2d1e0a9c58";
const OTHER_ID = "d41c7e90-3b6a-4f25-8e1d-a9c0b2f47e13";
const HOST = "desk";

// biome-ignore lint/suspicious/noExplicitAny: the scripts' JSON lines are checked field by field
type Event = Record<string, any>;

/** A process inside a namespace whose stdout is JSON lines, collected as they come. */
interface Script {
  proc: Subprocess<"pipe", "pipe", "pipe">;
  events: Event[];
  stderr(): string;
  /** Waits (polling, generously) for an event of this kind matching `test`. */
  next(event: string, test?: (e: Event) => boolean, timeoutMs?: number): Promise<Event>;
}

async function readAll(stream: ReadableStream<Uint8Array>, add: (text: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    add(decoder.decode(next.value, { stream: true }));
  }
}

function script(proc: Subprocess<"pipe", "pipe", "pipe">): Script {
  const events: Event[] = [];
  let err = "";
  let buffer = "";
  void readAll(proc.stdout, (text) => {
    buffer += text;
    for (let nl = buffer.indexOf("\n"); nl !== -1; nl = buffer.indexOf("\n")) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line) events.push(JSON.parse(line));
    }
  });
  void readAll(proc.stderr, (text) => {
    err += text;
  });
  return {
    proc,
    events,
    stderr: () => err,
    next: async (event, match = () => true, timeoutMs = 30_000) =>
      (await until(
        () => {
          if (proc.exitCode !== null && !events.some((e) => e.event === event && match(e))) {
            throw new Error(`exited with ${proc.exitCode} before "${event}":\n${err}`);
          }
          return events.find((e) => e.event === event && match(e));
        },
        timeoutMs,
        `"${event}" from ${proc.pid}: ${JSON.stringify(events)}\n${err}`,
      ))!,
  };
}

function advertise(host: Host, args: string[]): Script {
  return script(host.bun([ADVERTISE, "--hostname", HOST, ...args]));
}

async function scan(host: Host, args: string[]) {
  return host.exec([process.execPath, MAIN, "lan", "scan", ...args], { env: { ...process.env, NO_COLOR: "1" } });
}

/** Scans until `found` holds (one scan may miss an answer on a loaded machine). */
async function scanUntil(host: Host, found: (agents: Event[]) => boolean): Promise<Event[]> {
  let last = "";
  const agents = await until(
    async () => {
      const run = await scan(host, ["--json", "--timeout", "2000"]);
      last = `exit ${run.code}\n${run.stdout}\n${run.stderr}`;
      if (run.code !== 0) throw new Error(last);
      const agents = JSON.parse(run.stdout) as Event[];
      return found(agents) ? agents : undefined;
    },
    45_000,
    `a scan from the phone to find the agent (last: ${last})`,
  );
  return agents!;
}

let lan: Lan;
let watch: Script;
let desktop: Script;

beforeAll(async () => {
  lan = await createLan();
  watch = script(lan.phone.bun([WATCH]));
  await watch.next("watching");
}, 120_000);

afterAll(async () => {
  await lan?.destroy();
});

describe("LAN discovery between two hosts", () => {
  test("the phone's `milady lan scan` finds the desktop's agent: id, name, port, tls and its LAN address", async () => {
    desktop = advertise(lan.desktop, ["--id", ID, "--name", "Milady", "--port", "2139"]);
    const advertised = await desktop.next("advertised");
    expect(advertised).toMatchObject({
      advertised: true,
      instanceName: `Milady (${HOST})`,
      interfaces: [{ name: lan.desktop.iface, address: lan.desktop.address }],
    });
    expect(advertised.problem).toBeUndefined();

    const agents = await scanUntil(lan.phone, (list) => list.some((a) => a.id === ID));
    expect(agents).toEqual([
      { id: ID, name: "Milady", host: `${HOST}.local`, addresses: [lan.desktop.address], port: 2139, tls: true, v: 1 },
    ]);

    const human = await scan(lan.phone, ["--timeout", "2000"]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`Milady  id ${ID}  https://${lan.desktop.address}:2139`);
  }, 120_000);

  test("the TXT record carries exactly v=1, id, name, port and tls=1: no token, no code", async () => {
    const up = await watch.next("up", (e) => e.name === `Milady (${HOST})`);
    expect(up.port).toBe(2139);
    expect(up.addresses).toEqual([lan.desktop.address]);
    expect([...up.txt].sort()).toEqual([`id=${ID}`, "name=Milady", "port=2139", "tls=1", "v=1"].sort());
  }, 120_000);

  test("a second agent of the same name on the same host gets its own instance name; the scan lists both by id", async () => {
    const second = advertise(lan.desktop, ["--id", OTHER_ID, "--name", "Milady", "--port", "2140"]);
    try {
      const advertised = await second.next("advertised");
      expect(advertised.advertised).toBe(true);
      expect(advertised.instanceName).toBe(`Milady (${HOST}) 2`);
      const agents = await scanUntil(lan.phone, (list) => list.length >= 2);
      expect(agents.map((a) => [a.id, a.port]).sort()).toEqual(
        [
          [ID, 2139],
          [OTHER_ID, 2140],
        ].sort(),
      );
    } finally {
      second.proc.kill("SIGTERM");
      await second.proc.exited;
    }
    await watch.next("down", (e) => e.name === `Milady (${HOST}) 2`);
  }, 120_000);

  test("the desktop's address changes: it advertises again, and a paired phone finds it by id at the new one", async () => {
    const find = async () => {
      const run = await lan.phone.exec([process.execPath, FIND, "--id", ID, "--timeout", "3000"], {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: "1" },
      });
      if (run.code !== 0) throw new Error(`lan-find exited ${run.code}:\n${run.stderr}`);
      return JSON.parse(run.stdout) as Event;
    };
    const before = await until(async () => {
      const r = await find();
      return r.event === "found" ? r : undefined;
    }, 45_000);
    expect(before!.agent.addresses).toEqual([lan.desktop.address]);
    // It answers as soon as the agent does, not at the end of its timeout.
    expect(before!.ms).toBeLessThan(3_000);

    const { iface } = lan.desktop;
    const oldAddress = lan.desktop.address;
    const newAddress = oldAddress.replace(/\.1$/, ".11");
    // Keep the new address when the old (primary) one goes, as a DHCP renewal would.
    await lan.desktop.exec(["sh", "-c", `echo 1 > /proc/sys/net/ipv4/conf/${iface}/promote_secondaries`]);
    for (const args of [
      ["addr", "add", `${newAddress}/24`, "dev", iface],
      ["addr", "del", `${oldAddress}/24`, "dev", iface],
      ["route", "replace", "224.0.0.0/4", "dev", iface],
    ]) {
      const run = await lan.desktop.exec(["/usr/sbin/ip", ...args]);
      expect(run.stderr).toBe("");
    }
    (lan.desktop as { address: string }).address = newAddress;

    const after = await until(
      async () => {
        const r = await find();
        return r.event === "found" && r.agent.addresses[0] === newAddress ? r : undefined;
      },
      45_000,
      `findAgentById to see ${newAddress}`,
    );
    await until(() => desktop.stderr().includes("LAN interfaces changed"), 10_000, "the interface change on stderr");
    expect(after!.agent).toMatchObject({ id: ID, port: 2139, tls: true });
    expect(after!.agent.addresses).not.toContain(oldAddress);
  }, 120_000);

  test("update() moves it to another port: the phone sees the new one only", async () => {
    desktop.proc.kill("SIGUSR1");
    const updated = await desktop.next("updated");
    expect(updated).toMatchObject({ port: 2140, advertised: true, instanceName: `Milady (${HOST})` });
    const agents = await scanUntil(lan.phone, (list) => list.some((a) => a.id === ID && a.port === 2140));
    expect(agents.map((a) => [a.id, a.port])).toEqual([[ID, 2140]]);
  }, 120_000);

  test("stopping sends the goodbye: every record with TTL 0, the phone sees the agent go down at once", async () => {
    // The address change and the update withdrew it before: only what follows this stop counts.
    const stopAt = Date.now();
    desktop.proc.kill("SIGTERM");
    const stopped = await desktop.next("stopped");
    expect(stopped.advertised).toBe(false);
    expect(await desktop.proc.exited).toBe(0);

    const down = await watch.next("down", (e) => e.name === `Milady (${HOST})` && e.at >= stopAt);
    // The goodbye, not the TTL running out (SRV 120 s, PTR 75 min): it arrives within the stop.
    // Half the shortest TTL is the bound: a loaded machine's slow stop is not the TTL.
    expect(down.at - stopAt).toBeLessThan(60_000);
    const goodbye = await watch.next(
      "goodbye",
      (e) =>
        e.at >= stopAt &&
        e.records.some((r: Event) => r.type === "SRV" && r.name === `Milady (${HOST})._milady._tcp.local`),
    );
    const kinds = goodbye.records.map((r: Event) => `${r.type} ${r.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        "PTR _milady._tcp.local",
        `SRV Milady (${HOST})._milady._tcp.local`,
        `TXT Milady (${HOST})._milady._tcp.local`,
      ]),
    );
    expect(goodbye.records.every((r: Event) => r.ttl === 0)).toBe(true);

    const after = await scan(lan.phone, ["--timeout", "1500"]);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain("No Milady agent found on the LAN");
    const json = await scan(lan.phone, ["--json", "--timeout", "1500"]);
    expect(JSON.parse(json.stdout)).toEqual([]);
  }, 120_000);

  test("port 5353 held by a program that does not share it: the advertiser says so and keeps running", async () => {
    const holder = script(
      lan.desktop.run([
        process.execPath,
        "-e",
        `const s = require("node:dgram").createSocket({ type: "udp4", reuseAddr: false });
         s.bind(5353, "0.0.0.0", () => console.log(JSON.stringify({ event: "holding" })));
         setInterval(() => {}, 60000);`,
      ]),
    );
    try {
      await holder.next("holding");
      const blocked = advertise(lan.desktop, ["--id", ID, "--port", "2139"]);
      const advertised = await blocked.next("advertised");
      expect(advertised.advertised).toBe(false);
      expect(advertised.problem).toContain("EADDRINUSE");
      expect(advertised.problem).toContain("5353");
      blocked.proc.kill("SIGTERM");
      await blocked.next("stopped");
      expect(await blocked.proc.exited).toBe(0);
    } finally {
      holder.proc.kill("SIGKILL");
      await holder.proc.exited;
    }
  }, 120_000);

  test("a bad --timeout is a wrong call: exit 2 with what to pass", async () => {
    const run = await scan(lan.phone, ["--timeout", "soon"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--timeout must be a number of milliseconds");
  }, 120_000);

  test("destroy kills everything in the namespaces and deletes them", async () => {
    const { desktop: d, phone: p } = lan;
    await lan.destroy();
    expect(await watch.proc.exited).not.toBeNull();
    const left = await listNamespaces();
    expect(left).not.toContain(d.ns);
    expect(left).not.toContain(p.ns);
  }, 120_000);
});
