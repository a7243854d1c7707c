import { autonomyConfigSchema } from "../../../src-shared/config";
import { agentContract, autonomyContract } from "../../../src-shared/contracts";
import { MiladyError } from "../../../src-shared/protocol";
import { defineAgentModule } from "../module";
import { createAutonomousStateProvider } from "./autonomous-state-provider";
import { AutonomyLoop } from "./autonomy-loop";
import { AutonomyRoom } from "./autonomy-room";
import { autonomyFile, loadAutonomyState, saveAutonomyState } from "./autonomy-store";
import { realClock } from "./clock";
import { countAutonomyModelCalls } from "./count-model-calls";
import { ModelBudget } from "./model-budget";

/**
 * The autonomy loop (off by default): wakes the agent on a schedule in its own room, within a cap
 * of model calls per hour, never while paused and never over a wake in flight. Every change is a
 * heartbeat_event; a wake's start and end are agent_events of the autonomy room.
 */
export const autonomyModule = defineAgentModule(autonomyContract, (ctx) => {
  const { runtime, emit, log } = ctx;
  // The cap's window and the history survive a restart (autonomy-store.ts).
  const file = autonomyFile(ctx.boot.stateDir);
  const saved = loadAutonomyState(file);
  const budget = new ModelBudget(realClock, saved.calls);
  const persist = () => {
    try {
      saveAutonomyState(file, { calls: budget.snapshot(), history: loop.status().history });
    } catch (error) {
      log.warn("autonomy", `could not save ${file}: ${(error as Error).message}`);
    }
  };
  const room = new AutonomyRoom(runtime);
  let ready = false;
  const loop = new AutonomyLoop(
    {
      clock: realClock,
      budget,
      paused: ctx.paused,
      wake: async (wakeId) => {
        const why = ctx.cannotReply();
        if (why) throw new MiladyError(why.code, why.message, why.fix);
        if (!ready) throw new MiladyError("agent_starting", "the agent is still starting");
        emit(agentContract, "agent_event", {
          roomId: room.roomId,
          payload: { kind: "reply_started", requestId: wakeId },
        });
        try {
          return await room.wake(wakeId);
        } finally {
          emit(agentContract, "agent_event", {
            roomId: room.roomId,
            payload: { kind: "reply_finished", requestId: wakeId },
          });
        }
      },
      onChange: (status) => {
        emit(autonomyContract, "heartbeat_event", status);
        persist();
      },
      history: saved.history,
      onSkip: (reason) => log.info("autonomy", `wake ${reason}`),
    },
    autonomyConfigSchema.parse(ctx.boot.autonomy),
  );
  countAutonomyModelCalls(runtime, {
    overCap: () => loop.overCap(),
    record: () => {
      budget.record();
      persist();
    },
  });
  return {
    plugin: { providers: [createAutonomousStateProvider(() => loop.status())] },
    start: async () => {
      await room.init();
      ready = true;
      loop.start();
      if (loop.status().enabled)
        log.info("autonomy", `the autonomy loop is on (every ${loop.status().intervalMinutes} min)`);
    },
    stop: async () => loop.stop(),
    handlers: {
      status: async () => loop.status(),
      configure: async (config) => loop.configure(config),
      wake: async () => {
        if (ctx.paused()) throw new MiladyError("agent_paused", "the agent is paused", "Resume the agent first.");
        const wake = await loop.tick("manual");
        if (wake.status === "error") log.warn("autonomy", `wake failed: ${wake.text}`);
        return wake;
      },
    },
  };
});
