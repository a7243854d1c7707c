import type { Command } from "commander";
import type { Device, Pairing } from "../../src-shared/contracts";
import { qrTerminal } from "../lan/qr";
import { fail, globalOptions, openConfig } from "./context";
import { callRunning } from "./running-api";

const grouped = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

function ago(at: number | undefined, now = Date.now()): string {
  if (!at) return "never";
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 90) return `${s} s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h ago`;
  return new Date(at).toISOString().slice(0, 10);
}

/**
 * `milady pair`: a pairing code and its QR in the terminal, from the running Milady (LAN access on).
 * `milady devices [list|revoke ID]`: the paired devices.
 */
export function registerPairCommands(program: Command): void {
  program
    .command("pair")
    .description("pair a phone: prints a QR code, the one-time code and the addresses (LAN access must be on)")
    .option("--json", "print the pairing as JSON (code, expiresAt, urls, fingerprint, payload)")
    .action(async (options: { json?: boolean }, command: Command) => {
      const global = globalOptions(command);
      try {
        const store = openConfig(global);
        const pairing = await callRunning<Pairing>(store, "POST", "/api/pair/start");
        if (options.json) {
          const { qr: _svg, ...rest } = pairing;
          process.stdout.write(`${JSON.stringify(rest, null, 2)}\n`);
          return;
        }
        const minutes = Math.round((pairing.expiresAt - Date.now()) / 60_000);
        process.stdout.write(
          [
            await qrTerminal(pairing.payload),
            "Scan this with the phone's camera, or open one of these on the phone and type the code:",
            ...pairing.urls.map(
              (u) =>
                `  ${u.url}${u.kind === "lan" ? "" : u.kind === "mdns" ? "  (by name)" : `  (${u.kind}: ${u.via})`}`,
            ),
            "",
            `  code: ${grouped(pairing.code)}   (valid ${minutes} min, once)`,
            `  certificate SHA-256: ${pairing.fingerprint}`,
            "  The phone's browser warns about the certificate once: check that it shows this fingerprint.",
            "",
          ].join("\n"),
        );
      } catch (error) {
        fail(error, global);
      }
    });

  const devices = program.command("devices").description("list or revoke paired devices (phones)");
  devices
    .command("list", { isDefault: true })
    .description("paired devices with their address and when they were last seen")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      const global = globalOptions(command);
      try {
        const store = openConfig(global);
        const { devices: list } = await callRunning<{ devices: Device[] }>(store, "GET", "/api/devices");
        if (options.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        if (list.length === 0) return void process.stdout.write("No paired devices. `milady pair` pairs one.\n");
        for (const d of list) {
          process.stdout.write(
            `${d.id}  ${d.name}  ${d.connected ? "connected" : `last seen ${ago(d.lastSeenAt)}`}${d.address ? ` from ${d.address}` : ""}\n`,
          );
        }
      } catch (error) {
        fail(error, global);
      }
    });
  devices
    .command("revoke")
    .description("forget a device: its connection closes now and its token stops working")
    .argument("<id>", "the device id (from `milady devices`)")
    .action(async (id: string, _options: unknown, command: Command) => {
      const global = globalOptions(command);
      try {
        const store = openConfig(global);
        await callRunning(store, "DELETE", `/api/devices/${encodeURIComponent(id)}`);
        process.stdout.write(`Revoked ${id}: it must pair again to connect.\n`);
      } catch (error) {
        fail(error, global);
      }
    });
}
