import { EMOTES, type Emote } from "../../../src-shared/protocol";

/**
 * Picks an avatar emote from what was said. Checked in order; the first rule whose
 * words occur wins. An explicit "[emote NAME]" or a bare emote name beats the rules.
 */
const RULES: ReadonlyArray<readonly [Emote, RegExp]> = [
  ["wave", /\b(hi|hello|hey|hiya|greetings|good (morning|afternoon|evening)|bye|goodbye|see you|welcome)\b/i],
  ["shake", /\b(no|nope|disagree|wrong|incorrect|not really|can't|cannot|won't)\b/i],
  ["nod", /\b(yes|yeah|yep|sure|agreed?|ok(ay)?|right|exactly|correct|absolutely|of course)\b/i],
  ["sad", /\b(sad|sorry|unfortunately|miss|lost|cry|crying|upset)\b/i],
  ["angry", /\b(angry|furious|mad|annoyed|hate)\b/i],
  ["surprised", /\b(wow|whoa|really\?|no way|amazing|surprise[ds]?|unbelievable)\b/i],
  ["happy", /\b(great|awesome|happy|glad|love|yay|wonderful|thanks?|thank you|congrat\w*)\b|!/i],
  ["think", /\?|\b(hmm+|think|wonder|maybe|perhaps|consider)\b/i],
];

export function chooseEmote(...texts: Array<string | undefined>): Emote {
  const text = texts.filter(Boolean).join("\n");
  const explicit = /\[emote\s+([a-z]+)\]/i.exec(text)?.[1]?.toLowerCase();
  if (explicit && (EMOTES as readonly string[]).includes(explicit)) return explicit as Emote;
  for (const [emote, re] of RULES) if (re.test(text)) return emote;
  return "relaxed";
}

export function isEmote(value: unknown): value is Emote {
  return typeof value === "string" && (EMOTES as readonly string[]).includes(value);
}
