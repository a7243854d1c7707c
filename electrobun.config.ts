// Electrobun build config for the desktop app. The same main bundle serves both
// modes: inside the app `milady start` opens the window; `--cli` is headless.
// Note: `electrobun build` needs its native toolchain from GitHub releases, which
// this build machine cannot reach (see README, "Desktop").
export default {
  app: {
    name: "Milady",
    identifier: "app.milady.desktop",
    version: "0.1.0",
  },
  build: {
    bun: {
      entrypoint: "src-main/main.ts",
    },
    copy: {
      "dist/renderer": "renderer",
      assets: "assets",
    },
  },
  release: {
    bucketUrl: "",
  },
};
