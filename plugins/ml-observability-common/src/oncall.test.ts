import { onCallLinks } from './oncall';

describe('onCallLinks', () => {
  it('links PagerDuty by default and Opsgenie only with a template', () => {
    expect(
      onCallLinks([
        { provider: 'pagerduty', id: 'PFRAUD2' },
        { provider: 'opsgenie', id: 'personalization' },
      ]),
    ).toEqual([
      {
        provider: 'pagerduty',
        id: 'PFRAUD2',
        url: 'https://app.pagerduty.com/service-directory/PFRAUD2',
      },
      { provider: 'opsgenie', id: 'personalization' },
    ]);
  });

  it('fills templates with the encoded id', () => {
    expect(
      onCallLinks([{ provider: 'opsgenie', id: 'ml team' }], {
        opsgenie: 'https://acme.app.opsgenie.com/teams/list?query={id}',
      }),
    ).toEqual([
      {
        provider: 'opsgenie',
        id: 'ml team',
        url: 'https://acme.app.opsgenie.com/teams/list?query=ml%20team',
      },
    ]);
    expect(
      onCallLinks([{ provider: 'pagerduty', id: 'P1' }], {
        pagerduty: 'https://acme.pagerduty.com/service-directory/{id}',
      })[0].url,
    ).toBe('https://acme.pagerduty.com/service-directory/P1');
  });
});
