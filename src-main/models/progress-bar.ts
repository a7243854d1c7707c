export type DownloadProgress = { receivedBytes: number; totalBytes?: number };

function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(0)} kB`;
  return `${bytes} B`;
}

/** One CLI line, e.g. `[#########-----------]  45%  1.21 GB / 2.70 GB`; without a total, just the bytes. */
export function renderProgressBar(p: DownloadProgress, width: number): string {
  const cells = Math.max(1, Math.floor(width));
  if (!p.totalBytes || p.totalBytes <= 0) return `[${"?".repeat(cells)}]  ${formatBytes(p.receivedBytes)}`;
  const ratio = Math.min(1, Math.max(0, p.receivedBytes / p.totalBytes));
  const filled = Math.floor(ratio * cells); // full only at 100%
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  return `[${"#".repeat(filled)}${"-".repeat(cells - filled)}] ${percent}  ${formatBytes(p.receivedBytes)} / ${formatBytes(p.totalBytes)}`;
}
