import type { Entity } from '@backstage/catalog-model';
import { buildEndpointEntities, claimsOf } from './endpointEntities';
import type { EndpointDiscoveryTarget } from './config';

const model: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fraud-screening',
    annotations: {
      // The EU endpoint by its ARN, which writes the name in lower case.
      'aws.amazon.com/sagemaker-endpoint-name':
        'Fraud-Screening,arn:aws:sagemaker:eu-west-1:210987654321:endpoint/fraud-screening',
      'aws.amazon.com/account-id': '123456789012',
      'aws.amazon.com/region': 'us-east-1',
    },
  },
  spec: { type: 'ml-model', owner: 'risk-ml-team' },
};

const target = (
  accountId: string,
  region: string,
): EndpointDiscoveryTarget => ({
  id: region,
  accountId,
  region,
  namespace: 'default',
  unclaimedOwner: 'group:default/platform-team',
  schedule: { frequency: { minutes: 5 }, timeout: { minutes: 1 } },
});

describe('endpoint claims of a model served in two regions', () => {
  const claims = claimsOf([model], { region: 'us-east-1' });

  it('claims each endpoint where it is served', () => {
    expect(claims.map(c => [c.accountId, c.region, c.endpointNames])).toEqual([
      ['123456789012', 'us-east-1', ['Fraud-Screening']],
      ['210987654321', 'eu-west-1', ['fraud-screening']],
    ]);
  });

  it('relates the EU endpoint to the model whatever the case AWS lists it in, and nowhere else', () => {
    const eu = buildEndpointEntities(
      target('210987654321', 'eu-west-1'),
      [{ name: 'Fraud-Screening' }],
      claims,
    );
    expect(eu.unclaimed).toEqual([]);
    expect(eu.missing).toEqual([]);
    expect(eu.entities[0].spec).toMatchObject({
      dependencyOf: ['component:default/fraud-screening'],
      owner: 'group:default/risk-ml-team',
    });
    // Another region of the EU account: the model claims nothing there.
    const other = buildEndpointEntities(
      target('210987654321', 'eu-central-1'),
      [{ name: 'fraud-screening' }],
      claims,
    );
    expect(other.unclaimed).toEqual(['fraud-screening']);
  });

  it('reports an ARN-named endpoint missing from its own region', () => {
    const eu = buildEndpointEntities(
      target('210987654321', 'eu-west-1'),
      [],
      claims,
    );
    expect(eu.missing).toEqual([
      {
        entityRef: 'component:default/fraud-screening',
        endpointName: 'fraud-screening',
      },
    ]);
  });
});
