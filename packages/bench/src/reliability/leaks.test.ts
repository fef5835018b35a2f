import { findLeaks, leakPatterns } from './leaks';

const patterns = leakPatterns({
  awsSecret: 'very-secret-42',
  accessKeyIds: ['AKIA123456789012BENCHKEY'],
  internalUrls: ['http://127.0.0.1:45123'],
});
const kinds = (text: string) =>
  findLeaks('test', text, patterns).map(l => l.kind);

describe('findLeaks', () => {
  it('finds credentials and internal addresses', () => {
    expect(kinds('{"message":"key very-secret-42"}')).toContain(
      'AWS secret access key',
    );
    expect(kinds('AKIA123456789012BENCHKEY')).toEqual(
      expect.arrayContaining(['AWS access key id', 'an AWS access key id']),
    );
    expect(kinds('ASIA2109876543210ABC was used')).toContain(
      'an AWS access key id',
    );
    expect(kinds('could not reach http://127.0.0.1:45123/')).toContain(
      'internal AWS endpoint address',
    );
  });

  it('finds stack traces, SQL and SDK dumps', () => {
    const stack =
      'Error: boom\n    at Object.run (/work/main/plugins/x/src/a.ts:10:5)\n    at async y (node:internal/x:1:2)';
    expect(kinds(stack)).toEqual(
      expect.arrayContaining(['stack trace', 'stack frame', 'source path']),
    );
    expect(
      kinds('select "entity_ref" from "model_snapshots" where 1'),
    ).toContain('SQL statement');
    expect(kinds('insert into "series" ("a") values (1)')).toContain(
      'SQL statement',
    );
    expect(kinds('SQLITE_BUSY: database is locked')).toContain(
      'database error',
    );
    expect(
      kinds('terminating connection due to administrator command'),
    ).toContain('database error');
    expect(kinds('{"$metadata":{"httpStatusCode":400}}')).toContain(
      'AWS SDK error dump',
    );
  });

  it('leaves ordinary report text alone', () => {
    const report = JSON.stringify({
      sources: {
        endpoints: {
          outcome: 'throttled',
          message:
            'SageMaker throttled ListEndpoints in 123456789012/us-east-1; showing the data of 5 minutes ago',
        },
      },
      escalation: { path: ['ml-engineer', 'team-lead'] },
      alarms: [
        {
          name: 'churn-prediction-accuracy-low',
          reason: 'Threshold Crossed: 1 out of the last 1 datapoints',
        },
      ],
      error: {
        name: 'NotFoundError',
        message: 'No ML model component:default/x in the catalog',
      },
      description: 'Select the model from the list of deployed endpoints',
    });
    expect(kinds(report)).toEqual([]);
  });
});
