/**
 * Deterministic pseudo-randomness. Every simulated value is a pure function of
 * (seed, series identity, time slot), so nothing has to be stored per datapoint
 * and two emulators started with the same seed serve identical data.
 */

/** 32-bit FNV-1a of a string; used once per series to derive its stream seed. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Murmur3 finaliser: avalanches a 32-bit integer. */
function fmix(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform in [0, 1) for (stream, slot); slot may exceed 2^32 (epoch seconds). */
export function uniform(stream: number, slot: number): number {
  const lo = slot % 0x100000000;
  const hi = Math.floor(slot / 0x100000000);
  return (
    fmix(fmix(stream ^ lo) ^ Math.imul(hi + 0x9e3779b9, 0x27d4eb2d)) /
    0x100000000
  );
}

/** Approximately standard-normal value (Irwin-Hall of four uniforms), cheap and bounded. */
export function gaussian(stream: number, slot: number): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += uniform(stream + i * 0x632be5ab, slot);
  return (sum - 2) * Math.sqrt(3);
}

export function combineSeed(seed: string | number, ...parts: string[]): number {
  return hashString(`${seed}\u0000${parts.join('\u0000')}`);
}

/** Small seedable PRNG for fault injection decisions (mulberry32). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
