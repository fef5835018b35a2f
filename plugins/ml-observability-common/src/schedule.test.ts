import { parseFrequency, scheduleIntervalSeconds } from './schedule';

describe('parseFrequency', () => {
  it.each([
    ['every 2 hours', 7200],
    ['every 4 hours', 14400],
    ['every 6 hours', 21600],
    ['every hour', 3600],
    ['Every  Hour', 3600],
    ['hourly', 3600],
    ['daily', 86400],
    ['weekly', 604800],
    ['every day', 86400],
    ['every 30 minutes', 1800],
    ['every 15 min', 900],
    ['every 6h', 21600],
    ['once a day', 86400],
    ['every 1.5 hours', 5400],
  ])('%s → %d s', (text, seconds) => {
    expect(parseFrequency(text)).toBe(seconds);
  });

  it.each([
    'sometimes',
    '',
    'every',
    'every 0 hours',
    'every 2 fortnights',
    '2 hours',
    'cron(0 * ? * * *)',
  ])('%j → undefined', text => {
    expect(parseFrequency(text)).toBeUndefined();
  });
});

describe('scheduleIntervalSeconds', () => {
  it.each([
    ['cron(0 * ? * * *)', 3600],
    ['cron(0 */2 ? * * *)', 7200],
    ['cron(0 0/6 ? * * *)', 21600],
    ['cron(0 8 ? * * *)', 86400],
    ['cron(30 2 * * ? *)', 86400],
    ['cron(0 6,18 ? * * *)', 43200],
    ['cron(0 1,5 ? * * *)', 72000],
  ])('%s → %d s', (expression, seconds) => {
    expect(scheduleIntervalSeconds(expression)).toBe(seconds);
  });

  it.each([
    'NOW',
    'rate(1 hour)',
    'cron(0 * ? * MON *)',
    'cron(0 * *)',
    'cron(* * ? * * *)',
    '',
  ])('%j → undefined', expression => {
    expect(scheduleIntervalSeconds(expression)).toBeUndefined();
  });
});
