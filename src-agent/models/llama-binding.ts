import { getLlama, type Llama } from "node-llama-cpp";
import type { LogLevel } from "./local-llama";

/** Serialises async jobs: one generation at a time per context (a sequence cannot run two prompts). */
export class Queue {
  private tail: Promise<unknown> = Promise.resolve();
  pending = 0;
  run<T>(job: () => Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(job, job);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result.finally(() => {
      this.pending--;
    });
  }
}

let llamaPromise: Promise<Llama> | undefined;

/** One llama.cpp binding per process; loading it costs ~0.5 s, so it is kept across unloads. */
export function sharedLlama(threads: number, log?: (level: LogLevel, msg: string) => void): Promise<Llama> {
  llamaPromise ??= getLlama({
    gpu: false,
    build: "never",
    maxThreads: threads,
    logLevel: "warn" as never,
    logger: (level, message) => {
      const text = message.trim();
      if (!text) return;
      log?.(
        level === "error" || level === "fatal" ? "error" : level === "warn" ? "warn" : "debug",
        `llama.cpp: ${text}`,
      );
    },
  }).catch((error) => {
    llamaPromise = undefined;
    throw new Error(`cannot start llama.cpp (node-llama-cpp prebuilt CPU binary): ${String(error)}`);
  });
  return llamaPromise;
}
