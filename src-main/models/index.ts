/** Model files on disk for the main process: hf: URIs, downloads, the local list, the CLI progress bar. */
export { type DownloadOptions, downloadHfModel, hfModelDestination } from "./download";
export { DEFAULT_HF_BASE_URL, type HfModelRef, hfBaseUrl, parseHfUri } from "./hf-uri";
export { isGgufFile, type LocalModelFile, listLocalModels } from "./local-models";
export { type Downloader, ModelDownloads, type ModelDownloadsOptions, PROGRESS_INTERVAL_MS } from "./model-downloads";
export { type DownloadProgress, renderProgressBar } from "./progress-bar";
