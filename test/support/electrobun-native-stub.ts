/**
 * ElectrobunNativeStub — a test double of the native half of Electrobun, used as a `bun --preload`
 * in a subprocess only (it never loads into another test). Updater.ts imports `quit` from
 * ./Utils, and Utils pulls in proc/native, which dlopens libNativeWrapper (absent here) and,
 * through BrowserView, starts an RPC server. This replaces Utils with a `quit` that counts its
 * calls, and makes any load of proc/native fail loudly, so the Updater's own code is the
 * real file and provably needs nothing native to check and download.
 */
import { plugin } from "bun";

declare global {
  var __electrobunStub: { quitCalls: number };
}

globalThis.__electrobunStub = { quitCalls: 0 };

plugin({
  name: "electrobun-native-stub",
  setup(build) {
    build.onLoad({ filter: /electrobun\/dist\/api\/bun\/core\/Utils\.ts$/ }, () => ({
      contents: "export const quit = () => { globalThis.__electrobunStub.quitCalls += 1; };",
      loader: "ts",
    }));
    build.onLoad({ filter: /electrobun\/dist\/api\/bun\/proc\/native\.ts$/ }, () => {
      throw new Error("Electrobun's native runtime was loaded: the stub should have kept it out");
    });
  },
});
