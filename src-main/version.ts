import pkg from "../package.json" with { type: "json" };

export const VERSION: string = pkg.version;
/** The npm package name: what a self-update asks the registry for. */
export const PACKAGE_NAME: string = pkg.name;
/** The elizaOS runtime Milady is built on; pinned to an exact version in package.json. */
export const ELIZAOS_VERSION: string = pkg.dependencies["@elizaos/core"];
