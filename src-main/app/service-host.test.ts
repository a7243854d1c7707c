import { describe, expect, test } from "bun:test";
import { defineService, type Service, ServiceHost, startOrder, valueService } from "./service-host";

function recorder() {
  const log: string[] = [];
  const svc = <T>(name: string, deps: Service<unknown>[], value: T, fail = false): Service<T> =>
    defineService({
      name,
      deps,
      start: (get) => {
        for (const dep of deps) get(dep); // a dep is readable from start
        if (fail) throw new Error(`${name} cannot start`);
        log.push(`start ${name}`);
        return value;
      },
      stop: () => {
        log.push(`stop ${name}`);
      },
    });
  return { log, svc };
}

describe("ServiceHost", () => {
  test("starts each service after its deps, stops in reverse, and stop() called twice runs once", async () => {
    const { log, svc } = recorder();
    const config = svc("config", [], { port: 1 });
    const logging = svc("logging", [config], "hub");
    const agent = svc("agent", [config, logging], "agent");
    const server = svc("server", [agent, logging], "server");
    // Listed out of order on purpose: the deps decide.
    const host = new ServiceHost([server, agent, logging, config]);
    await host.start();
    expect(log).toEqual(["start config", "start logging", "start agent", "start server"]);
    expect(host.get(config)).toEqual({ port: 1 });
    await Promise.all([host.stop(), host.stop()]);
    expect(log.slice(4)).toEqual(["stop server", "stop agent", "stop logging", "stop config"]);
  });

  test("a failing start stops what already started, in reverse, and rethrows", async () => {
    const { log, svc } = recorder();
    const a = svc("a", [], 1);
    const b = svc("b", [a], 2);
    const c = svc("c", [b], 3, true);
    const host = new ServiceHost([a, b, c]);
    await expect(host.start()).rejects.toThrow("c cannot start");
    expect(log).toEqual(["start a", "start b", "stop b", "stop a"]);
    expect(() => host.get(c)).toThrow("not running");
  });

  test("a failing stop is reported and the others still stop", async () => {
    const { log, svc } = recorder();
    const a = svc("a", [], 1);
    const broken = defineService({
      name: "broken",
      deps: [a],
      start: () => 0,
      stop: () => {
        throw new Error("stuck");
      },
    });
    const errors: string[] = [];
    const host = new ServiceHost([a, broken], (name, e) => errors.push(`${name}: ${(e as Error).message}`));
    await host.start();
    await host.stop();
    expect(errors).toEqual(["broken: stuck"]);
    expect(log).toContain("stop a");
  });

  test("a dependency cycle is refused with the path", () => {
    const a: { name: string; deps: Service<unknown>[]; start: () => number } = { name: "a", deps: [], start: () => 1 };
    const b = defineService({ name: "b", deps: [a], start: () => 2 });
    a.deps.push(b);
    expect(() => startOrder([a])).toThrow("a -> b -> a");
    expect(startOrder([valueService("v", 1)]).map((s) => s.name)).toEqual(["v"]);
  });
});
