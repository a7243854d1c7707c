/**
 * Per-frame animation of one loaded VRM: idle pose and breathing, blinking,
 * pointer look-at (eyes + head), lip-sync, emotes and standing expressions.
 * Pure orchestration of blink.ts / visemes.ts / emotes.ts onto three-vrm.
 */
import type { VRM } from "@pixiv/three-vrm";
import { Object3D, type Vector3 } from "three";
import type { Emote } from "../../src-shared/protocol/events";
import { BlinkScheduler } from "./blink";
import { type EulerOffset, evaluateEmote } from "./emotes";
import { LipSync, VISEMES } from "./visemes";

/** Relaxed standing pose: arms ~70 degrees down from the T-pose, elbows slightly bent forward. */
const IDLE: Record<string, EulerOffset> = {
  leftUpperArm: [0, 0, -1.25],
  rightUpperArm: [0, 0, 1.25],
  leftLowerArm: [0, -0.35, 0],
  rightLowerArm: [0, 0.35, 0],
  leftHand: [0, 0, -0.1],
  rightHand: [0, 0, 0.1],
};
const ANIMATED_BONES = [
  "hips",
  "spine",
  "chest",
  "upperChest",
  "neck",
  "head",
  "leftShoulder",
  "rightShoulder",
  "leftUpperArm",
  "rightUpperArm",
  "leftLowerArm",
  "rightLowerArm",
  "leftHand",
  "rightHand",
] as const;
const EMOTION_PRESETS = ["happy", "sad", "angry", "surprised", "relaxed"];

const approach = (from: number, to: number, dt: number, tau: number) => from + (to - from) * (1 - Math.exp(-dt / tau));

export class AvatarRig {
  private readonly blink: BlinkScheduler;
  readonly lipSync = new LipSync();
  private readonly lookTarget = new Object3D();
  private emote: { name: Emote; t: number } | null = null;
  private readonly manual = new Map<string, number>();
  private audioLevel = 0;
  private audioSmoothed = 0;
  private time = 0;
  /** Pointer in -1..1 (x right, y down) or null when it left the window. */
  pointer: { x: number; y: number } | null = null;
  private look = { x: 0, y: 0 };

  constructor(
    readonly vrm: VRM,
    random: () => number,
    private readonly camera: { position: Vector3 },
    root: Object3D,
    private readonly idleMotion = true,
  ) {
    this.blink = new BlinkScheduler(random);
    root.add(this.lookTarget);
    if (vrm.lookAt) {
      vrm.lookAt.target = this.lookTarget;
      vrm.lookAt.autoUpdate = true;
    }
  }

  playEmote(name: Emote): void {
    this.emote = { name, t: 0 };
  }

  setExpression(name: string, weight: number): void {
    if (weight <= 0) this.manual.delete(name);
    else this.manual.set(name, Math.min(1, weight));
  }

  setAudioLevel(level: number): void {
    this.audioLevel = Math.min(1, Math.max(0, Number.isFinite(level) ? level : 0));
  }

  update(dt: number): void {
    if (this.idleMotion) this.time += dt;
    const frame = this.emote ? evaluateEmote(this.emote.name, this.emote.t) : null;
    if (this.emote) this.emote.t += dt;
    if (!frame) this.emote = null;

    // Expressions: standing + emote (max), then blink and mouth on top.
    const values = new Map<string, number>(this.manual);
    for (const [name, w] of Object.entries(frame?.expressions ?? {}))
      values.set(name, Math.max(values.get(name) ?? 0, w));
    const emotion = EMOTION_PRESETS.reduce((m, n) => Math.max(m, values.get(n) ?? 0), 0);
    // Blinks fade out under strong emotions whose eyelids are already shaped.
    values.set(
      "blink",
      Math.max(values.get("blink") ?? 0, (this.idleMotion ? this.blink.update(dt) : 0) * (1 - 0.7 * emotion)),
    );
    const mouth = this.lipSync.update(dt);
    this.audioSmoothed = approach(
      this.audioSmoothed,
      this.audioLevel,
      dt,
      this.audioLevel > this.audioSmoothed ? 0.03 : 0.08,
    );
    for (const v of VISEMES) {
      const w = Math.max(mouth[v], v === "aa" ? this.audioSmoothed : 0, values.get(v) ?? 0);
      values.set(v, w);
    }
    const em = this.vrm.expressionManager;
    if (em) {
      for (const expr of em.expressions)
        em.setValue(expr.expressionName, Math.min(1, values.get(expr.expressionName) ?? 0));
    }

    // Look-at: smoothed (120 ms), clamped; eyes via three-vrm, head takes ~40 %.
    const p = this.pointer ?? { x: 0, y: 0 };
    this.look.x = approach(this.look.x, Math.max(-1, Math.min(1, p.x)), dt, 0.12);
    this.look.y = approach(this.look.y, Math.max(-1, Math.min(1, p.y)), dt, 0.12);
    const cam = this.camera.position;
    this.lookTarget.position.set(cam.x + this.look.x * 0.7, cam.y - this.look.y * 0.45, cam.z);

    // Bones: idle + breathing (4 s cycle, 15 breaths/min) + sway + look + emote.
    const breath = Math.sin((this.time / 4) * Math.PI * 2);
    const sway = Math.sin((this.time / 7) * Math.PI * 2);
    const base: Record<string, EulerOffset> = {
      spine: [0.01 * breath, 0, 0.012 * sway],
      chest: [-0.012 * breath, 0, 0],
      upperChest: [-0.018 * breath, 0, -0.006 * sway],
      leftShoulder: [0, 0, 0.02 * breath],
      rightShoulder: [0, 0, -0.02 * breath],
      neck: [0.1 * this.look.y * 0.5, 0.15 * this.look.x, 0],
      head: [0.25 * this.look.y * 0.5, 0.3 * this.look.x, -0.05 * this.look.x + 0.015 * sway],
    };
    const humanoid = this.vrm.humanoid;
    for (const name of ANIMATED_BONES) {
      const node = humanoid.getNormalizedBoneNode(name);
      if (!node) continue;
      const a = IDLE[name] ?? [0, 0, 0];
      const b = base[name] ?? [0, 0, 0];
      const c = frame?.bones[name] ?? [0, 0, 0];
      node.rotation.set(a[0] + b[0] + c[0], a[1] + b[1] + c[1], a[2] + b[2] + c[2]);
    }
    this.vrm.update(dt);
  }

  dispose(): void {
    this.lookTarget.removeFromParent();
  }
}
