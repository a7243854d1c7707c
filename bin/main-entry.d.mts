/** bin/main-entry.mjs: which main `milady` runs (the bundle when current, else the source). */
export declare function bundleIsCurrent(root: string): boolean;
export declare function mainEntry(root: string): string;
