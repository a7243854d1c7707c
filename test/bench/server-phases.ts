import { type ConcurrentResult, concurrentChat, type SequentialResult, sequentialChat } from "./chat-load";
import type { Launcher } from "./target";

export interface StartFigures {
  healthMs: number;
  readyMs: number;
}

export interface LoadFigures {
  start: StartFigures;
  idleRssMb?: number;
  chat: SequentialResult;
  concurrent: ConcurrentResult;
  /** RSS the moment the load ends (garbage not yet collected). */
  rssAtLoadEndMb?: number;
  /** RSS after the same settle time as the idle figure: what the process keeps. */
  rssAfterLoadMb?: number;
}

export interface LoadPlan {
  sequential: number;
  conversations: number;
  perConversation: number;
  /** Wait after ready before reading idle RSS (lets start-up garbage settle). */
  settleMs: number;
  /** Time budget of each load phase: on a loaded machine fewer messages are sent (the JSON says how many). */
  phaseBudgetMs: number;
}

/** A fresh state dir: process start -> health, and -> agent ready (migrations included). */
export async function freshStart(launch: Launcher, stateDir: string): Promise<StartFigures> {
  const target = await launch({ stateDir });
  try {
    return { healthMs: target.healthMs, readyMs: target.readyMs };
  } finally {
    await target.stop();
  }
}

/** The same state dir again (existing DB): start figures, idle RSS, chat latency, throughput, RSS after. */
export async function existingStartAndLoad(launch: Launcher, stateDir: string, plan: LoadPlan): Promise<LoadFigures> {
  const target = await launch({ stateDir });
  try {
    const start = { healthMs: target.healthMs, readyMs: target.readyMs };
    await Bun.sleep(plan.settleMs);
    const idleRssMb = target.rssMb();
    const chat = await sequentialChat(target, plan.sequential, plan.phaseBudgetMs);
    const concurrent = await concurrentChat(target, plan.conversations, plan.perConversation, plan.phaseBudgetMs);
    const rssAtLoadEndMb = target.rssMb();
    // Both servers get the same settle time as before the idle reading (a few seconds).
    await Bun.sleep(Math.max(plan.settleMs, 4_000));
    const rssAfterLoadMb = target.rssMb();
    return { start, idleRssMb, chat, concurrent, rssAtLoadEndMb, rssAfterLoadMb };
  } finally {
    await target.stop();
  }
}
