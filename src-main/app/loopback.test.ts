import { describe, expect, test } from "bun:test";
import { bindIsLoopback, isLoopbackAddress } from "./loopback";

describe("loopback is decided on addresses, not names", () => {
  test("addresses", () => {
    for (const ip of ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "::ffff:127.0.0.1"])
      expect(isLoopbackAddress(ip)).toBe(true);
    for (const ip of ["0.0.0.0", "::", "192.168.1.5", "10.0.0.1", "::ffff:192.168.1.5", "127.0.0.1.evil"])
      expect(isLoopbackAddress(ip)).toBe(false);
  });

  test("a name that looks loopback but resolves to a LAN address is not; localhost is; an unknown name is not", async () => {
    const dns = async (host: string) =>
      host === "127.0.0.1.rebind.test"
        ? [{ address: "192.168.1.5" }]
        : host === "localhost"
          ? [{ address: "127.0.0.1" }, { address: "::1" }]
          : host === "mixed.test"
            ? [{ address: "127.0.0.1" }, { address: "192.168.1.5" }]
            : Promise.reject(new Error("ENOTFOUND"));
    expect(await bindIsLoopback("127.0.0.1.rebind.test", dns)).toBe(false);
    expect(await bindIsLoopback("mixed.test", dns)).toBe(false);
    expect(await bindIsLoopback("localhost", dns)).toBe(true);
    expect(await bindIsLoopback("nowhere.test", dns)).toBe(false);
    expect(await bindIsLoopback("127.0.0.1")).toBe(true);
    expect(await bindIsLoopback("0.0.0.0")).toBe(false);
    // The real resolver: localhost is this machine.
    expect(await bindIsLoopback("localhost")).toBe(true);
  });
});
