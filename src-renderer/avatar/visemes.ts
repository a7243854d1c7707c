/**
 * Text -> viseme timeline for lip-sync without audio analysis.
 * Vowels open the mouth into one of five VRM visemes, consonant clusters close
 * it, punctuation pauses. One cue lasts 1/12 s: ~12 visemes/s is close to
 * conversational speech (4-6 syllables/s, two mouth shapes per syllable).
 */
export const VISEMES = ["aa", "ih", "ou", "ee", "oh"] as const;
export type Viseme = (typeof VISEMES)[number];
export type VisemeWeights = Record<Viseme, number>;

export const VISEME_RATE = 12;

/** A mouth shape held for `cues` slots; viseme null = mouth closed. */
export interface VisemeCue {
  viseme: Viseme | null;
  cues: number;
}

const VOWELS: Record<string, Viseme> = {
  a: "aa",
  á: "aa",
  à: "aa",
  â: "aa",
  ä: "ee",
  e: "ee",
  é: "ee",
  è: "ee",
  ê: "ee",
  i: "ih",
  í: "ih",
  y: "ih",
  o: "oh",
  ó: "oh",
  ô: "oh",
  ö: "ou",
  u: "ou",
  ú: "ou",
  ü: "ou",
  w: "ou",
};
const ROTATION: Viseme[] = ["aa", "oh", "ih", "ee", "ou"];

export function textToVisemes(text: string): VisemeCue[] {
  const out: VisemeCue[] = [];
  const push = (viseme: Viseme | null, cues: number) => {
    const last = out[out.length - 1];
    // A repeated shape ("oo", "ee", "str") is one held cue, not a stutter.
    if (last && last.viseme === viseme) {
      last.cues = Math.min(last.cues + (viseme ? 0.5 : 0), 3);
      return;
    }
    out.push({ viseme, cues });
  };
  let other = 0;
  for (const ch of text.toLowerCase()) {
    const v = VOWELS[ch];
    if (v) push(v, 1);
    else if (/[.!?;:]/.test(ch)) out.push({ viseme: null, cues: 3 });
    else if (/[,\n]/.test(ch)) out.push({ viseme: null, cues: 2 });
    else if (/\s/.test(ch)) push(null, 1);
    else if (/[a-z0-9]/.test(ch)) push(null, 1);
    // Other scripts (kana, hanzi, hangul...): roughly one syllable per glyph.
    else if (/\p{L}/u.test(ch)) {
      push(ROTATION[other++ % ROTATION.length], 1);
      push(null, 0.5);
    }
  }
  return out;
}

/**
 * Plays queued cues and smooths the mouth (40 ms attack, 90 ms release) so
 * shapes blend instead of snapping. Backlogs over 3 s are played faster
 * (streamed LLM text arrives faster than speech) so the mouth never lags far
 * behind the reply.
 */
export class LipSync {
  private queue: VisemeCue[] = [];
  private elapsed = 0;
  private readonly weights: VisemeWeights = { aa: 0, ih: 0, ou: 0, ee: 0, oh: 0 };

  push(text: string): void {
    this.queue.push(...textToVisemes(text));
  }

  clear(): void {
    this.queue = [];
    this.elapsed = 0;
  }

  get speaking(): boolean {
    return this.queue.length > 0;
  }

  /** Backlog in seconds at the normal rate. */
  get backlog(): number {
    return this.queue.reduce((s, c) => s + c.cues, 0) / VISEME_RATE;
  }

  update(dt: number): Readonly<VisemeWeights> {
    const speed = Math.max(1, this.backlog / 3);
    this.elapsed += dt * speed;
    while (this.queue.length && this.elapsed >= this.queue[0].cues / VISEME_RATE) {
      this.elapsed -= this.queue[0].cues / VISEME_RATE;
      this.queue.shift();
    }
    if (!this.queue.length) this.elapsed = 0;
    const current = this.queue[0]?.viseme ?? null;
    for (const v of VISEMES) {
      const target = v === current ? 1 : 0;
      const tau = target > this.weights[v] ? 0.04 : 0.09;
      this.weights[v] += (target - this.weights[v]) * (1 - Math.exp(-dt / tau));
      if (this.weights[v] < 1e-3) this.weights[v] = 0;
    }
    return this.weights;
  }
}
