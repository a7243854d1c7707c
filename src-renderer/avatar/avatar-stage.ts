/**
 * The avatar stage: a WebGL2 renderer on a canvas, a camera framed on the loaded
 * model's own size (framing.ts: head to toe in tall canvases, head to hips in wide
 * ones), soft three-point lighting and the render loop driving AvatarRig.
 *
 * state:  idle --load()--> loading --ok--> ready
 *                             |  \--fail, no model--> error
 *                             \--fail, model shown--> ready (old model stays)
 */
import type { VRM } from "@pixiv/three-vrm";
import { Color, DirectionalLight, HemisphereLight, PerspectiveCamera, Scene, WebGLRenderer } from "three";
import type { Emote } from "../../src-shared/protocol/events";
import { AvatarRig } from "./avatar-rig";
import { figureBounds } from "./figure-bounds";
import { type FigureBounds, type Framing, frameFigure } from "./framing";
import { guardedLoad, LoadGuard } from "./load-guard";
import type { AvatarController, AvatarStageOptions, AvatarState } from "./types";
import { disposeVrm, parseVrm, readSource } from "./vrm-loader";

export type { AvatarController, AvatarStageOptions } from "./types";

export function createAvatarStage(canvas: HTMLCanvasElement, options: AvatarStageOptions = {}): AvatarController {
  const random = options.random ?? Math.random;
  // The OS "reduce motion" setting stills breathing, sway and blinks; emotes the user asked for still play.
  const idleMotion = options.idleMotion ?? !globalThis.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
  // Software GL (SwiftShader, llvmpipe: VMs, no GPU) pays heavily for MSAA and
  // high-DPI pixels; turn both down there so the avatar stays fluid.
  const software = isSoftwareGl();
  const renderer = new WebGLRenderer({
    canvas,
    antialias: options.antialias ?? !software,
    alpha: options.background == null,
    powerPreference: "low-power",
  });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, software ? 1 : (options.maxPixelRatio ?? 2)));
  if (options.background != null) renderer.setClearColor(new Color(options.background), 1);
  else renderer.setClearColor(0x000000, 0);

  const scene = new Scene();
  const camera = new PerspectiveCamera(30, 1, 0.05, 50);
  // Until a model is loaded: the default avatar's size, so a slow load does not jump.
  let figure: FigureBounds = { min: { x: -0.3, y: 0, z: -0.15 }, max: { x: 0.3, y: 1.55, z: 0.15 } };
  let framing: Framing | null = null;
  // Soft light: bright sky/ground fill so the toon-ish vertex colours stay clean,
  // a warm key from the upper left front, a cool rim from behind for the silhouette.
  scene.add(new HemisphereLight(0xffffff, 0xe6d6ee, 2.2));
  const key = new DirectionalLight(0xfff3ea, 1.6);
  key.position.set(-0.8, 2.2, 2.0);
  const rim = new DirectionalLight(0xd8e4ff, 1.2);
  rim.position.set(0.6, 1.8, -2);
  scene.add(key, rim);

  const guard = new LoadGuard();
  let vrm: VRM | null = null;
  let rig: AvatarRig | null = null;
  let state: AvatarState = "idle";
  let loadsCommitted = 0;
  let userPaused = false;
  let disposed = false;
  let frameHandle = 0;
  let last = 0;
  const frameTimes: number[] = [];

  const setState = (next: AvatarState, error?: string) => {
    state = next;
    canvas.dataset.avatarState = next;
    if (error) canvas.dataset.avatarError = error;
    else delete canvas.dataset.avatarError;
  };

  const frameCamera = () => {
    const width = canvas.clientWidth || canvas.width || 1;
    const height = canvas.clientHeight || canvas.height || 1;
    camera.aspect = width / height;
    framing = frameFigure(figure, camera.aspect, camera.fov);
    const { position, target } = framing;
    camera.position.set(position.x, position.y, position.z);
    camera.lookAt(target.x, target.y, target.z);
    camera.updateProjectionMatrix();
    canvas.dataset.avatarFraming = framing.mode;
  };

  const resize = () => {
    const width = Math.max(1, canvas.clientWidth || canvas.width);
    const height = Math.max(1, canvas.clientHeight || canvas.height);
    renderer.setSize(width, height, false);
    frameCamera();
    if (!running()) renderer.render(scene, camera);
  };

  const running = () => !disposed && !userPaused && document.visibilityState !== "hidden";
  const loop = (now: number) => {
    frameHandle = 0;
    if (!running()) return;
    // The loop stops while hidden or paused (and `last` resets), so a long dt is a genuinely
    // slow frame (software GL under load): follow wall time so emotes and visemes keep pace.
    const dt = last ? Math.min(0.5, (now - last) / 1000) : 1 / 60;
    last = now;
    rig?.update(dt);
    renderer.render(scene, camera);
    frameTimes.push(now);
    while (frameTimes.length && frameTimes[0] < now - 1000) frameTimes.shift();
    frameHandle = requestAnimationFrame(loop);
  };
  const start = () => {
    if (!frameHandle && running()) {
      last = 0;
      frameHandle = requestAnimationFrame(loop);
    }
  };
  const stop = () => {
    if (frameHandle) cancelAnimationFrame(frameHandle);
    frameHandle = 0;
    frameTimes.length = 0;
  };
  const onVisibility = () => (document.visibilityState === "hidden" ? stop() : start());
  document.addEventListener("visibilitychange", onVisibility);
  const onPointer = (e: PointerEvent) => {
    if (!rig) return;
    const r = canvas.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return;
    // Relative to where the face is in this framing, so the eyes meet a pointer held at them.
    const headAt = framing?.headAt ?? 0.3;
    rig.pointer = { x: ((e.clientX - r.left) / r.width) * 2 - 1, y: ((e.clientY - r.top) / r.height - headAt) * 2 };
  };
  const onPointerLeave = () => {
    if (rig) rig.pointer = null;
  };
  window.addEventListener("pointermove", onPointer);
  document.documentElement.addEventListener("pointerleave", onPointerLeave);
  const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => resize());
  observer?.observe(canvas.parentElement ?? canvas);

  const commit = (next: VRM) => {
    if (rig) rig.dispose();
    if (vrm) disposeVrm(vrm);
    vrm = next;
    scene.add(next.scene);
    rig = new AvatarRig(next, random, camera, scene, idleMotion);
    // Measure in the idle pose (arms down), which is what the user sees, not the T-pose.
    rig.update(0);
    figure = figureBounds(next) ?? figure;
    frameCamera();
    loadsCommitted++;
  };

  const controller: AvatarController = {
    async load(source, fetchFile) {
      if (disposed) throw new Error("The avatar view was closed; open it again to load an avatar.");
      setState("loading");
      try {
        const result = await guardedLoad(
          guard,
          async () => {
            const { bytes, label } = await readSource(source, fetchFile);
            return parseVrm(bytes, label);
          },
          commit,
          disposeVrm,
        );
        if (result === "committed") setState("ready");
      } catch (error) {
        const message = (error as Error).message;
        setState(vrm ? "ready" : "error", message);
        throw error instanceof Error ? error : new Error(String(error));
      }
    },
    speak: (text) => rig?.lipSync.push(text),
    stopSpeaking: () => rig?.lipSync.clear(),
    setAudioLevel: (level) => rig?.setAudioLevel(level),
    playEmote: (emote: Emote) => rig?.playEmote(emote),
    setExpression: (name, weight) => rig?.setExpression(name, weight),
    setPaused(paused) {
      userPaused = paused;
      if (paused) stop();
      else start();
    },
    resize,
    dispose() {
      if (disposed) return;
      disposed = true;
      guard.invalidate();
      stop();
      observer?.disconnect();
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pointermove", onPointer);
      document.documentElement.removeEventListener("pointerleave", onPointerLeave);
      rig?.dispose();
      if (vrm) disposeVrm(vrm);
      vrm = null;
      rig = null;
      renderer.dispose();
      if (window.__miladyAvatar === controller) delete window.__miladyAvatar;
    },
    get fps() {
      const now = performance.now();
      return frameTimes.filter((t) => t >= now - 1000).length;
    },
    get state() {
      return state;
    },
    get paused() {
      return userPaused;
    },
    debugInfo: () => ({
      geometries: renderer.info.memory.geometries,
      textures: renderer.info.memory.textures,
      loadsCommitted,
    }),
  };

  setState("idle");
  resize();
  start();
  if (options.exposeGlobal !== false) window.__miladyAvatar = controller;
  return controller;
}

function isSoftwareGl(): boolean {
  try {
    const gl = document.createElement("canvas").getContext("webgl2");
    if (!gl) return false;
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software/i.test(name);
  } catch {
    return false;
  }
}
