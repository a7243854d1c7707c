/**
 * Emotes as keyframe envelopes: each emote is a duration, expression peaks and
 * bone rotation offsets (radians, Euler XYZ on VRM normalized bones, added to
 * the idle pose). An envelope (attack 0.25 s, release 0.35 s, smoothstepped)
 * fades the emote in and back to idle, so emotes blend instead of popping.
 *
 * Axes on normalized bones (VRM 1.0 faces +Z): head x > 0 looks down,
 * head y > 0 turns to the avatar's left, z tilts; upper arm z < 0 lowers the
 * left arm and raises the right one.
 */
import type { Emote } from "../../src-shared/protocol/events";

export type EulerOffset = [number, number, number];
export interface EmoteFrame {
  /** Expression preset -> weight 0..1. */
  expressions: Record<string, number>;
  /** Normalized bone name -> rotation offset. */
  bones: Record<string, EulerOffset>;
}

interface EmoteDef {
  duration: number;
  expressions?: Record<string, number>;
  bones: (t: number) => Record<string, EulerOffset>;
}

const TAU = Math.PI * 2;

export const EMOTE_DEFS: Record<Emote, EmoteDef> = {
  wave: {
    duration: 2,
    expressions: { happy: 0.6 },
    bones: (t) => ({
      // Upper arm from hanging (idle z = +1.25) to ~57 degrees down and forward, forearm
      // folded up to near vertical (-2.45 relative), waving +-0.3 rad at 2.5 Hz.
      rightUpperArm: [-0.35, 0, -0.25],
      rightLowerArm: [0, -0.35, -2.45 + 0.3 * Math.sin(TAU * 2.5 * t)],
      rightHand: [0, 0, 0.15 * Math.sin(TAU * 2.5 * t + 0.6)],
      head: [0, 0, -0.08],
    }),
  },
  nod: {
    duration: 1.2,
    bones: (t) => ({
      head: [0.22 * Math.max(0, Math.sin(TAU * 1.6 * t)), 0, 0],
      neck: [0.06 * Math.max(0, Math.sin(TAU * 1.6 * t)), 0, 0],
    }),
  },
  shake: {
    duration: 1.3,
    bones: (t) => ({ head: [0.03, 0.28 * Math.sin(TAU * 2 * t), 0], neck: [0, 0.08 * Math.sin(TAU * 2 * t), 0] }),
  },
  happy: {
    duration: 1.8,
    expressions: { happy: 1 },
    bones: (t) => ({
      head: [-0.05, 0, 0.1 * Math.sin(TAU * 1.2 * t)],
      spine: [-0.03, 0, 0.03 * Math.sin(TAU * 1.2 * t)],
      leftUpperArm: [0, 0, 0.12],
      rightUpperArm: [0, 0, -0.12],
    }),
  },
  sad: {
    duration: 2,
    expressions: { sad: 1 },
    bones: () => ({
      head: [0.2, 0, 0.05],
      neck: [0.06, 0, 0],
      upperChest: [0.08, 0, 0],
      leftShoulder: [0, 0, -0.05],
      rightShoulder: [0, 0, 0.05],
    }),
  },
  angry: {
    duration: 1.6,
    expressions: { angry: 1 },
    bones: (t) => ({
      head: [0.1, 0.04 * Math.sin(TAU * 3 * t), 0],
      chest: [0.06, 0, 0],
      leftLowerArm: [0, -0.5, 0],
      rightLowerArm: [0, 0.5, 0],
    }),
  },
  surprised: {
    duration: 1.5,
    expressions: { surprised: 1 },
    bones: () => ({
      head: [-0.12, 0, 0],
      chest: [-0.06, 0, 0],
      leftUpperArm: [0, 0, 0.25],
      rightUpperArm: [0, 0, -0.25],
      leftShoulder: [0, 0, 0.06],
      rightShoulder: [0, 0, -0.06],
    }),
  },
  relaxed: {
    duration: 2,
    expressions: { relaxed: 1 },
    bones: (t) => ({ head: [0, 0, 0.12 * Math.sin(TAU * 0.5 * t)], spine: [0, 0, 0.03 * Math.sin(TAU * 0.5 * t)] }),
  },
  think: {
    duration: 2,
    expressions: { relaxed: 0.3 },
    bones: () => ({ head: [-0.1, 0.12, 0.18], neck: [0, 0.04, 0.04] }),
  },
};

export const EMOTE_ATTACK = 0.25;
export const EMOTE_RELEASE = 0.35;

/** 0 -> 1 over the attack, 1 while held, 1 -> 0 over the release (smoothstepped). */
export function envelope(t: number, duration: number, attack = EMOTE_ATTACK, release = EMOTE_RELEASE): number {
  if (t <= 0 || t >= duration) return 0;
  const k = Math.min(1, t / attack, (duration - t) / release);
  return k * k * (3 - 2 * k);
}

export function emoteDuration(emote: Emote): number {
  return EMOTE_DEFS[emote].duration;
}

/** The emote's contribution at time t seconds, or null once it is over. */
export function evaluateEmote(emote: Emote, t: number): EmoteFrame | null {
  const def = EMOTE_DEFS[emote];
  if (t >= def.duration) return null;
  const k = envelope(t, def.duration);
  const expressions: Record<string, number> = {};
  for (const [name, peak] of Object.entries(def.expressions ?? {})) expressions[name] = peak * k;
  const bones: Record<string, EulerOffset> = {};
  for (const [name, [x, y, z]] of Object.entries(def.bones(t))) bones[name] = [x * k, y * k, z * k];
  return { expressions, bones };
}
