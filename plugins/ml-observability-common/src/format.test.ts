import { clip, formatDuration, formatInstant } from './format';

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [-5, '0 s'],
    [45, '45 s'],
    [89, '89 s'],
    [90, '2 min'],
    [900, '15 min'],
    [3600, '1 h'],
    [5400, '1.5 h'],
    [3 * 3600, '3 h'],
    [47 * 3600, '47 h'],
    [48 * 3600, '2 d'],
    [3.5 * 86400, '3.5 d'],
  ])('%d s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('formatInstant', () => {
  it('writes UTC to the minute', () => {
    expect(formatInstant('2024-03-11T09:05:59.999-04:00')).toBe(
      '2024-03-11 13:05 UTC',
    );
  });
  it('leaves non-dates alone', () => {
    expect(formatInstant('yesterday')).toBe('yesterday');
  });
});

describe('clip', () => {
  it('flattens whitespace and cuts long text', () => {
    expect(clip('a\n  b')).toBe('a b');
    expect(clip('x'.repeat(300))).toHaveLength(200);
    expect(clip('x'.repeat(300)).endsWith('…')).toBe(true);
  });
});
