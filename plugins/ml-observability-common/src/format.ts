/**
 * Wording helpers for sentences shown to people.
 */

/**
 * A duration for a sentence: "45 s", "12 min", "1.5 h", "3 d".
 * @public
 */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const oneDecimal = (n: number) => String(Math.round(n * 10) / 10);
  if (s < 90) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${oneDecimal(s / 3600)} h`;
  return `${oneDecimal(s / 86400)} d`;
}

/**
 * An ISO instant for a sentence, to the minute in UTC: "2024-03-10 14:05 UTC".
 * Returns the input unchanged when it is not a date.
 * @public
 */
export function formatInstant(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Cuts text from AWS (state reasons, failure reasons) to sentence size. */
export function clip(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
