/** Shows enough of a secret to recognise it, never enough to use it: "sk-a…9f2c". */
export function maskSecret(value: string | undefined): string | undefined {
  if (value === undefined || value === "") return value;
  if (value.length <= 8) return "••••";
  return `${value.slice(0, 3)}…${value.slice(-4)}`;
}

/** Masks the password part of a connection URL. */
export function maskUrlCredentials(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]+)@/, "//$1:••••@");
}
