import fs from 'fs';
import path from 'path';
import { stringify } from 'yaml';
import {
  escalationPathOf,
  parseRunbook,
  RUNBOOK_MAX_BYTES,
  severityRulesOf,
} from './runbook';

const EXAMPLES = path.resolve(__dirname, '../../../examples/runbooks');

// The fixture is the example adopters are shown; other packages load it with
// exampleRunbookYaml() from @mlobs/backstage-plugin-ml-observability-node/testUtils.
const VALID = fs.readFileSync(
  path.join(EXAMPLES, 'fraud-detection-v2.yaml'),
  'utf8',
);

function validObject(): Record<string, any> {
  const result = parseRunbook(VALID);
  if (!result.ok) throw new Error('fixture must parse');
  return JSON.parse(JSON.stringify(result.runbook));
}

function withChange(change: (doc: Record<string, any>) => void): string {
  const doc = validObject();
  change(doc);
  return stringify(doc);
}

describe('parseRunbook', () => {
  it('parses the example of fraud-detection-v2', () => {
    const result = parseRunbook(VALID);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(
      result.runbook.monitoring_config.model_performance
        ?.business_hours_threshold,
    ).toBe(92);
    expect(escalationPathOf(result.runbook)).toEqual([
      'ml-engineer',
      'data-scientist',
      'team-lead',
    ]);
    expect(severityRulesOf(result.runbook)).toEqual([
      {
        level: 1,
        condition: 'Model accuracy < 85%',
        immediateAction: 'Switch to fallback model',
        notification: 'Page on-call engineer',
        timeline: 'Resolve within 1 hour',
      },
      expect.objectContaining({ level: 2 }),
    ]);
  });

  const examples = fs.readdirSync(EXAMPLES).filter(f => f.endsWith('.yaml'));
  it.each(examples)('parses the example runbook %s', file => {
    const result = parseRunbook(
      fs.readFileSync(path.join(EXAMPLES, file), 'utf8'),
    );
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(`${result.runbook.model_name}.yaml`).toBe(file);
    expect(severityRulesOf(result.runbook).length).toBeGreaterThan(0);
  });

  it('gives a severity rule its structured action, ready to show as a button', () => {
    const text = withChange(doc => {
      doc.incident_response.severity_1.action = {
        type: 'shift-traffic',
        to_variant: 'popularity-fallback',
      };
      doc.incident_response.severity_2.action = {
        type: 'start-pipeline',
        pipeline:
          'arn:aws:sagemaker:us-east-1:123456789012:pipeline/fraud-retraining',
        parameters: { LookbackDays: 7, Approve: false, Note: 'drift' },
      };
      doc.incident_response.severity_3 = {
        ...doc.incident_response.severity_2,
        action: { type: 'mute-alarms', duration: '90m', alarms: ['a-1'] },
      };
    });
    const result = parseRunbook(text);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    const actions = severityRulesOf(result.runbook).map(r => r.action);
    expect(actions).toEqual([
      {
        id: 'severity-1',
        type: 'shift-traffic',
        label: 'Shift traffic to popularity-fallback',
        toVariant: 'popularity-fallback',
        weight: 1,
      },
      {
        id: 'severity-2',
        type: 'start-pipeline',
        label: 'Start pipeline fraud-retraining',
        pipeline:
          'arn:aws:sagemaker:us-east-1:123456789012:pipeline/fraud-retraining',
        parameters: { LookbackDays: '7', Approve: 'false', Note: 'drift' },
      },
      {
        id: 'severity-3',
        type: 'mute-alarms',
        label: 'Mute the listed alarms for 90 minutes',
        durationMinutes: 90,
        alarms: ['a-1'],
      },
    ]);
  });

  it('leaves rules without an action as they were', () => {
    const result = parseRunbook(VALID);
    if (!result.ok) throw new Error('fixture must parse');
    expect(severityRulesOf(result.runbook).every(r => !('action' in r))).toBe(
      true,
    );
  });

  it('has examples to parse', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it('keeps extra fields and sorts severities by number', () => {
    const text = withChange(doc => {
      doc.notes = 'team notes';
      doc.monitoring_config.data_quality.slack = '#ml';
      const first = doc.incident_response.severity_1;
      doc.incident_response = {
        severity_10: { ...first, condition: 'ten' },
        contacts: ['a'],
        severity_2: { ...first, condition: 'two', runbook_link: 'x' },
        severity_1: first,
      };
    });
    const result = parseRunbook(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.runbook.notes).toBe('team notes');
    expect(result.runbook.monitoring_config.data_quality.slack).toBe('#ml');
    expect(Object.keys(result.runbook.incident_response)).toEqual([
      'severity_1',
      'severity_2',
      'severity_10',
      'contacts',
    ]);
    expect(severityRulesOf(result.runbook).map(r => r.level)).toEqual([
      1, 2, 10,
    ]);
    expect(result.runbook.incident_response.severity_2.runbook_link).toBe('x');
  });

  it('accepts a runbook without model_performance and with per-metric thresholds', () => {
    expect(
      parseRunbook(
        withChange(doc => delete doc.monitoring_config.model_performance),
      ).ok,
    ).toBe(true);
    const text = withChange(doc => {
      doc.monitoring_config.model_performance.metric_thresholds = {
        rmse: { business_hours_threshold: 12, off_hours_threshold: 15 },
      };
    });
    expect(parseRunbook(text).ok).toBe(true);
  });

  it.each<[string, (doc: Record<string, any>) => void, string, RegExp]>([
    [
      'alert_threshold as a word',
      d => (d.monitoring_config.data_quality.alert_threshold = 'high'),
      'monitoring_config.data_quality.alert_threshold',
      /^expected a number between 0 and 1, got "high"$/,
    ],
    [
      'alert_threshold above 1',
      d => (d.monitoring_config.data_quality.alert_threshold = 30),
      'monitoring_config.data_quality.alert_threshold',
      /between 0 and 1, got 30/,
    ],
    [
      'alert_threshold as quoted number',
      d => (d.monitoring_config.data_quality.alert_threshold = '0.3'),
      'monitoring_config.data_quality.alert_threshold',
      /got "0.3"/,
    ],
    [
      'model_name missing',
      d => delete d.model_name,
      'model_name',
      /^required: expected the model name/,
    ],
    ['owner empty', d => (d.owner = '  '), 'owner', /expected the owning team/],
    [
      'frequency unreadable',
      d => (d.monitoring_config.data_quality.frequency = 'now and then'),
      'monitoring_config.data_quality.frequency',
      /"every 2 hours".*got "now and then"/,
    ],
    [
      'escalation_path empty',
      d => (d.monitoring_config.data_quality.escalation_path = []),
      'monitoring_config.data_quality.escalation_path',
      /at least one name/,
    ],
    [
      'escalation_path as text',
      d => (d.monitoring_config.data_quality.escalation_path = 'ml-engineer'),
      'monitoring_config.data_quality.escalation_path',
      /a list of names/,
    ],
    [
      'escalation_path with a number',
      d => (d.monitoring_config.data_quality.escalation_path = ['a', 7]),
      'monitoring_config.data_quality.escalation_path[1]',
      /non-empty name.*got 7/,
    ],
    [
      'data_quality missing',
      d => delete d.monitoring_config.data_quality,
      'monitoring_config.data_quality',
      /required: expected a mapping with frequency/,
    ],
    [
      'metrics empty',
      d => (d.monitoring_config.model_performance.metrics = []),
      'monitoring_config.model_performance.metrics',
      /at least one metric/,
    ],
    [
      'business_hours_threshold above 100',
      d =>
        (d.monitoring_config.model_performance.business_hours_threshold = 120),
      'monitoring_config.model_performance.business_hours_threshold',
      /between 0 and 100.*got 120/,
    ],
    [
      'off_hours_threshold negative',
      d => (d.monitoring_config.model_performance.off_hours_threshold = -1),
      'monitoring_config.model_performance.off_hours_threshold',
      /between 0 and 100/,
    ],
    [
      'metric threshold as text',
      d =>
        (d.monitoring_config.model_performance.metric_thresholds = {
          rmse: { business_hours_threshold: 'low', off_hours_threshold: 1 },
        }),
      'monitoring_config.model_performance.metric_thresholds.rmse.business_hours_threshold',
      /got "low"/,
    ],
    [
      'incident_response missing',
      d => delete d.incident_response,
      'incident_response',
      /severity_1, severity_2/,
    ],
    [
      'no severity rules',
      d => (d.incident_response = { notes: 'x' }),
      'incident_response',
      /at least one rule named severity_1/,
    ],
    [
      'severity key typo',
      d => (d.incident_response.severity_one = d.incident_response.severity_1),
      'incident_response.severity_one',
      /severity_<N>/,
    ],
    [
      'severity_0',
      d => (d.incident_response.severity_0 = d.incident_response.severity_1),
      'incident_response.severity_0',
      /severity_<N>/,
    ],
    [
      'severity without timeline',
      d => delete d.incident_response.severity_1.timeline,
      'incident_response.severity_1.timeline',
      /required: expected the time to resolve/,
    ],
    [
      'severity as text',
      d => (d.incident_response.severity_1 = 'page someone'),
      'incident_response.severity_1',
      /mapping with condition/,
    ],
    [
      'action of an unknown type',
      d => (d.incident_response.severity_1.action = { type: 'rollback' }),
      'incident_response.severity_1.action.type',
      /one of shift-traffic, start-pipeline, mute-alarms, got "rollback"/,
    ],
    [
      'action as text',
      d => (d.incident_response.severity_1.action = 'switch'),
      'incident_response.severity_1.action',
      /mapping with type shift-traffic/,
    ],
    [
      'shift-traffic without a variant',
      d => (d.incident_response.severity_1.action = { type: 'shift-traffic' }),
      'incident_response.severity_1.action.to_variant',
      /required: expected the name of a production variant/,
    ],
    [
      'shift-traffic weight above 1',
      d =>
        (d.incident_response.severity_1.action = {
          type: 'shift-traffic',
          to_variant: 'fallback',
          weight: 50,
        }),
      'incident_response.severity_1.action.weight',
      /at most 1/,
    ],
    [
      'start-pipeline with a parameter list',
      d =>
        (d.incident_response.severity_1.action = {
          type: 'start-pipeline',
          pipeline: 'retrain',
          parameters: ['days=7'],
        }),
      'incident_response.severity_1.action.parameters',
      /mapping of pipeline parameter names/,
    ],
    [
      'mute-alarms for a week',
      d =>
        (d.incident_response.severity_1.action = {
          type: 'mute-alarms',
          duration: '7 days',
        }),
      'incident_response.severity_1.action.duration',
      /from 5 minutes to 24 hours.*got "7 days"/,
    ],
  ])(
    '%s → error at the field, saying what is allowed',
    (_, change, errorPath, message) => {
      const result = parseRunbook(withChange(change));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const error = result.errors.find(e => e.path === errorPath);
      expect({ paths: result.errors.map(e => e.path), error }).toEqual({
        paths: expect.arrayContaining([errorPath]),
        error: expect.objectContaining({
          message: expect.stringMatching(message),
        }),
      });
      expect(error!.line).toEqual(expect.any(Number));
    },
  );

  it('points at the line and column of a bad value', () => {
    const text = VALID.replace(
      'alert_threshold: 0.3',
      'alert_threshold: "high"',
    );
    const result = parseRunbook(text);
    const lines = text.split('\n');
    const index = lines.findIndex(l => l.includes('"high"'));
    expect(!result.ok && result.errors).toEqual([
      {
        path: 'monitoring_config.data_quality.alert_threshold',
        message: 'expected a number between 0 and 1, got "high"',
        line: index + 1,
        column: lines[index].indexOf('"high"') + 1,
      },
    ]);
  });

  it.each([
    [
      'unclosed flow sequence',
      'model_name: x\nowner: [a, b\nincident_response: {}\n',
      3,
    ],
    ['duplicate key', 'model_name: a\nmodel_name: b\n', 2],
    [
      'tab indentation',
      'model_name: a\nmonitoring_config:\n\tdata_quality: {}\n',
      3,
    ],
    ['two documents', 'model_name: a\n---\nmodel_name: b\n', 2],
  ])('reports YAML syntax errors with line and column: %s', (_, text, line) => {
    const result = parseRunbook(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0].message).toMatch(/^YAML syntax error: /);
    expect(result.errors[0].message).not.toContain('\n');
    expect(result.errors[0]).toMatchObject({
      path: '',
      line,
      column: expect.any(Number),
    });
  });

  it.each([
    ['empty text', ''],
    ['a scalar', 'hello'],
    ['a list', '- a\n- b\n'],
    ['null document', '~'],
    ['an undefined alias', 'model_name: *nothing\n'],
    [
      'an alias bomb',
      `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
    ],
    ['binary junk', '\u0000\u0001\u0002'],
    ['a number', 42 as unknown as string],
    ['undefined', undefined as unknown as string],
  ])('never throws on %s', (_, text) => {
    expect(() => parseRunbook(text)).not.toThrow();
    const result = parseRunbook(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.length).toBeGreaterThan(0);
  });

  it('refuses runbooks over the size limit without parsing them', () => {
    const text = `${VALID}\n# ${'x'.repeat(RUNBOOK_MAX_BYTES)}\n`;
    const result = parseRunbook(text);
    expect(!result.ok && result.errors[0].message).toMatch(
      /at most 65536 bytes \(64 KiB\)/,
    );
  });

  it('counts the size limit in UTF-8 bytes', () => {
    const comment = `# ${'é'.repeat(Math.ceil(RUNBOOK_MAX_BYTES / 2))}`;
    expect(comment.length).toBeLessThan(RUNBOOK_MAX_BYTES);
    expect(parseRunbook(`${VALID}\n${comment}\n`).ok).toBe(false);
  });
});
