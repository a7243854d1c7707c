/**
 * The avatar stage: a WebGL2 renderer on a canvas, a camera framing the upper
 * body, soft three-point lighting and the render loop driving AvatarRig.
 *
 * state:  idle --load()--> loading --ok--> ready
 *                             |  \--fail, no model--> error
 *                             \--fail, model shown--> ready (old model stays)
 */
import type { VRM } from "@pixiv/three-vrm";
import { Color, DirectionalLight, HemisphereLight, PerspectiveCamera, Scene, Vector3, WebGLRenderer } from "three";
import type { Emote } from "../../src-shared/protocol/events";
import { AvatarRig } from "./avatar-rig";
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
  const camera = new PerspectiveCamera(30, 1, 0.05, 20);
  const focus = new Vector3(0, 1.27, 0);
  let distance = 1.6;
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
    const aspect = width / height;
    camera.aspect = aspect;
    // Keep ~0.5 m of width in view on narrow (portrait) containers.
    const d = distance * Math.max(1, 0.75 / aspect);
    camera.position.set(focus.x, focus.y + 0.04, focus.z + d);
    camera.lookAt(focus);
    camera.updateProjectionMatrix();
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
    // Aim at the face, which sits ~30 % from the top of the framing.
    rig.pointer = { x: ((e.clientX - r.left) / r.width) * 2 - 1, y: ((e.clientY - r.top) / r.height - 0.3) * 2 };
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
    const head = next.humanoid.getNormalizedBoneNode("head");
    if (head) {
      next.scene.updateMatrixWorld(true);
      const at = head.getWorldPosition(new Vector3());
      // Frame chin-to-waist around a point a little below the head bone; scale with model size.
      focus.set(0, at.y - 0.05, 0);
      distance = 1.6 * Math.max(0.5, at.y / 1.29);
    }
    frameCamera();
    loadsCommitted++;
  };

  const controller: AvatarController = {
    async load(source) {
      if (disposed) throw new Error("The avatar view was closed; open it again to load an avatar.");
      setState("loading");
      try {
        const result = await guardedLoad(
          guard,
          async () => {
            const { bytes, label } = await readSource(source);
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
