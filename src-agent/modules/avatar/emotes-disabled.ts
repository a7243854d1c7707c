/** character.settings.DISABLE_EMOTES (true, "true", 1 or "1"): no PLAY_EMOTE and no emotes in the prompt. */
export function emotesDisabled(settings: Record<string, unknown> | undefined): boolean {
  const v = settings?.DISABLE_EMOTES;
  return v === true || v === "true" || v === 1 || v === "1";
}
