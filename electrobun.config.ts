// Electrobun build config for the desktop app (`npm run build:desktop -- --package`).
// The app runs the same main bundle as the headless build: build/build-desktop.ts
// stages dist/main, dist/agent, dist/renderer, dist/icons, assets and the
// production node_modules into dist/desktop-app, copied here to Resources/app/milady;
// the Bun entry (src-main/desktop/app-entry.ts) only imports that bundle.
// `electrobun build` needs its native toolchain from GitHub releases (see the
// README, "Desktop app"); this file is typechecked and its values tested in CI.
import type { ElectrobunConfig } from "electrobun/bun";
import { appIdentity, parseChannel } from "./build/desktop-release";
import pkg from "./package.json" with { type: "json" };

/** Where the update feed lives; release builds may point elsewhere with MILADY_RELEASE_BASE_URL. */
export const DEFAULT_RELEASE_BASE_URL = "https://releases.milady.app/desktop";

/**
 * `npm run build:desktop -- --package --channel beta` sets MILADY_CHANNEL: a beta build is
 * the separate app "Milady Beta" with its own feed folder (build/desktop-release.ts).
 */
const identity = appIdentity(
  parseChannel(process.env.MILADY_CHANNEL),
  process.env.MILADY_RELEASE_BASE_URL || DEFAULT_RELEASE_BASE_URL,
);

const config: ElectrobunConfig = {
  app: {
    name: identity.name,
    identifier: identity.identifier,
    version: pkg.version,
    description: pkg.description,
    urlSchemes: ["milady"],
  },
  build: {
    bun: {
      entrypoint: "src-main/desktop/app-entry.ts",
    },
    copy: {
      "dist/desktop-app": "milady",
    },
    // Electrobun's default "build" is where Milady's build scripts live.
    buildFolder: "dist/electrobun",
    artifactFolder: "dist/artifacts",
    mac: {
      codesign: Boolean(process.env.ELECTROBUN_DEVELOPER_ID),
      notarize: Boolean(process.env.ELECTROBUN_APPLEID || process.env.ELECTROBUN_APPLEAPIKEY),
      icons: "dist/icons/icon.iconset",
      entitlements: {
        // node-llama-cpp and Bun's JIT need to map executable memory in a hardened runtime.
        "com.apple.security.cs.allow-jit": true,
        "com.apple.security.cs.allow-unsigned-executable-memory": true,
        "com.apple.security.cs.disable-library-validation": true,
        "com.apple.security.network.client": true,
        "com.apple.security.network.server": true,
      },
    },
    win: {
      icon: "dist/icons/icon.ico",
    },
    linux: {
      icon: "dist/icons/icon.png",
    },
  },
  runtime: {
    // Closing the window hides Milady to the tray; the agent keeps running.
    exitOnLastWindowClosed: false,
  },
  release: {
    baseUrl: identity.baseUrl,
  },
};

export default config;
