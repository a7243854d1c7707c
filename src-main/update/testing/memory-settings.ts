import type { UpdateMode } from "../../../src-shared/protocol";
import type { UpdateSettings } from "../backend";
import type { UpdateChannel } from "../registry-check";

/** MemorySettings — a test double of milady.json's `updates`: held in memory, with the same change notification as the real store. */
export class MemorySettings implements UpdateSettings {
  private value: { channel: UpdateChannel; mode: UpdateMode };
  private readonly listeners = new Set<() => void>();

  constructor(mode: UpdateMode = "auto", channel: UpdateChannel = "stable") {
    this.value = { channel, mode };
  }

  current() {
    return { ...this.value };
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(change: Partial<{ channel: UpdateChannel; mode: UpdateMode }>): void {
    this.value = { ...this.value, ...change };
    for (const listener of this.listeners) listener();
  }
}
