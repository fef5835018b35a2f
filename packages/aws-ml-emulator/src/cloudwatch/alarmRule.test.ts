import {
  AlarmState,
  evaluateRule,
  parseAlarmRule,
  ruleAlarms,
} from './alarmRule';

const states: Record<string, AlarmState> = {
  a: 'ALARM',
  b: 'OK',
  c: 'INSUFFICIENT_DATA',
  'with space': 'ALARM',
};
const check = (rule: string) =>
  evaluateRule(parseAlarmRule(rule), name => states[name]);

describe('composite alarm rules', () => {
  it('evaluates state functions with AND, OR, NOT and parentheses', () => {
    expect(check('ALARM("a")')).toBe(true);
    expect(check('ALARM(b)')).toBe(false);
    expect(check('ALARM("a") AND OK("b")')).toBe(true);
    expect(check('ALARM("a") AND NOT OK("b")')).toBe(false);
    expect(check('ALARM(b) OR INSUFFICIENT_DATA(c)')).toBe(true);
    expect(check('NOT (ALARM(a) OR OK(b)) OR FALSE')).toBe(false);
    expect(check('ALARM("with space") AND TRUE')).toBe(true);
    expect(
      check('ALARM("arn:aws:cloudwatch:us-east-1:123456789012:alarm:a")'),
    ).toBe(true);
    expect(check('ALARM("missing")')).toBe(false);
  });

  it('lists the alarms a rule references', () => {
    expect([
      ...ruleAlarms(parseAlarmRule('(ALARM(a) AND OK("b")) OR NOT ALARM(a)')),
    ]).toEqual(['a', 'b']);
  });

  it.each(['ALARM(a', 'ALARM()', 'ALARM(a) AND', 'FOO(a)', 'ALARM(a) b'])(
    'rejects %s',
    rule => {
      expect(() => parseAlarmRule(rule)).toThrow(/Error in alarm rule/);
    },
  );
});
