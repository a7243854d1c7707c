import type { Provider } from "@elizaos/core";
import type { AutonomyStatus } from "../../../src-shared/protocol";

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");

export function describeAutonomy(s: AutonomyStatus): string {
  const lines = [
    `Autonomy loop: ${s.enabled ? `on, every ${s.intervalMinutes} min` : "off"}.`,
    `Model calls this hour: ${s.callsThisHour} of ${s.maxModelCallsPerHour}${s.capResetsAt ? ` (cap reached until ${iso(s.capResetsAt)})` : ""}.`,
  ];
  const last = s.history.find((w) => w.status !== "running");
  if (last) lines.push(`Last wake: ${iso(last.at)}, ${last.status}${last.text ? `: ${last.text.slice(0, 200)}` : ""}.`);
  if (s.nextWakeAt) lines.push(`Next wake: ${iso(s.nextWakeAt)}.`);
  return lines.join("\n");
}

/** autonomousState: what the autonomy loop is doing (on or off, last wake, calls used, cap). */
export function createAutonomousStateProvider(status: () => AutonomyStatus): Provider {
  return {
    name: "autonomousState",
    description: "The autonomy loop: enabled, last wake, model calls used this hour and the cap",
    // After the history (RECENT_MESSAGES, 100): the counts and the last wake change between
    // turns, and what changes comes last so the prompt's head is reused (runtime/stable-prompt.ts).
    position: 105,
    get: async () => {
      const s = status();
      return {
        text: `# Autonomy\n${describeAutonomy(s)}`,
        values: { autonomyEnabled: s.enabled, autonomyCallsThisHour: s.callsThisHour },
        data: { autonomy: s },
      };
    },
  };
}
