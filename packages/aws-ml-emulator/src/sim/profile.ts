import { gaussian } from '../util/hash';
import { HOUR } from '../util/time';

/**
 * How one simulated metric behaves over time: a level with noise, optionally shifting
 * to another level at an instant (drift, quality drop) and following a daily cycle.
 */
export interface Profile {
  mean: number;
  /** Standard deviation of the noise around the mean. */
  noise: number;
  shift?: { at: number; mean: number; noise?: number; rampMs?: number };
  /** Relative amplitude of a daily cycle peaking at 15:00 UTC (traffic, click-through). */
  diurnal?: number;
  min?: number;
  max?: number;
  /** Round to whole numbers (counts). */
  integer?: boolean;
}

/**
 * The profile's value at `t` (noise drawn for `slot`). `relief` (0..1) undoes that share of the
 * shift: 0 is the profile as declared, 1 the level before the shift.
 */
export function profileValue(
  profile: Profile,
  stream: number,
  t: number,
  slot: number,
  relief = 0,
): number {
  let mean = profile.mean;
  let noise = profile.noise;
  const shift = profile.shift;
  if (shift && t >= shift.at) {
    let progress = shift.rampMs
      ? Math.min(1, (t - shift.at) / shift.rampMs)
      : 1;
    progress *= 1 - relief;
    mean += (shift.mean - mean) * progress;
    noise += ((shift.noise ?? noise) - noise) * progress;
  }
  if (profile.diurnal) {
    const hourOfDay = (t % (24 * HOUR)) / HOUR;
    mean *=
      1 + profile.diurnal * Math.sin((2 * Math.PI * (hourOfDay - 9)) / 24);
  }
  let value = mean + noise * gaussian(stream, slot);
  if (profile.min !== undefined) value = Math.max(profile.min, value);
  if (profile.max !== undefined) value = Math.min(profile.max, value);
  return profile.integer ? Math.round(value) : Math.round(value * 1e6) / 1e6;
}

export const fraction = (
  mean: number,
  noise: number,
  extra: Partial<Profile> = {},
): Profile => ({
  mean,
  noise,
  min: 0,
  max: 1,
  ...extra,
});
