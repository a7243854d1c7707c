import { describe, expect, test } from "bun:test";
import { agentContract } from "../../src-shared/contracts";
import { FakeAgentController } from "../agent-host/testing";
import { createLogger, LogHub } from "../logging";
import { ModelDownloads } from "../models";
import { watchActivity } from "./activity";

/** A model download list the test switches by hand. */
function downloads() {
  const uris: string[] = [];
  const listeners = new Set<() => void>();
  return {
    active: () => [...uris],
    onChange(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(running: boolean) {
      if (running) uris.push("hf:a/b/c.gguf");
      else uris.pop();
      for (const listener of listeners) listener();
    },
  };
}

describe("activity an update waits for", () => {
  test("replies from reply_started to reply_finished, then model downloads; each change is announced", () => {
    const agent = new FakeAgentController();
    const models = downloads();
    const activity = watchActivity(agent, models);
    let changes = 0;
    activity.onChange(() => changes++);
    const reply = (kind: "reply_started" | "reply_finished", requestId: string) =>
      agent.emitEvent(agentContract, "agent_event", { roomId: "r", payload: { kind, requestId } });
    expect(activity.busyWith()).toBeUndefined();
    reply("reply_started", "a");
    reply("reply_started", "b");
    models.set(true);
    expect(activity.busyWith()).toBe("reply");
    reply("reply_finished", "a");
    expect(activity.busyWith()).toBe("reply");
    reply("reply_finished", "b");
    expect(activity.busyWith()).toBe("model_download");
    models.set(false);
    expect(activity.busyWith()).toBeUndefined();
    // Emotes and token deltas are not replies starting or ending.
    agent.emitEvent(agentContract, "agent_event", { payload: { kind: "emote", emote: "wave" } });
    expect(changes).toBe(6);
    activity.stop();
    reply("reply_started", "c");
    expect(changes).toBe(6);
  });

  test("a crashed agent finishes no reply: its replies are forgotten, a pause keeps them", () => {
    const agent = new FakeAgentController();
    const activity = watchActivity(agent);
    agent.emitEvent(agentContract, "agent_event", { payload: { kind: "reply_started", requestId: "a" } });
    agent.setState("paused");
    expect(activity.busyWith()).toBe("reply");
    agent.setState("error");
    expect(activity.busyWith()).toBeUndefined();
  });

  test("the real download service says when a download starts and ends", async () => {
    let finish: () => void = () => {};
    const models = new ModelDownloads({
      modelsDir: "/nonexistent",
      log: createLogger(new LogHub("error"), "models"),
      publish: () => undefined,
      downloader: (uri) => new Promise<string>((resolve) => (finish = () => resolve(`/nonexistent/${uri}`))),
    });
    const activity = watchActivity(new FakeAgentController(), models);
    const seen: Array<string | undefined> = [];
    activity.onChange(() => seen.push(activity.busyWith()));
    const done = models.download("hf:a/b/c.gguf").catch(() => undefined);
    expect(activity.busyWith()).toBe("model_download");
    finish();
    await done;
    expect(seen).toEqual(["model_download", undefined]);
  });
});
