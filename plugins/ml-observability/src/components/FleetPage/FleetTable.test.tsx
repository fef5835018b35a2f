import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FleetRow } from '@mlobs/backstage-plugin-ml-observability-common';
import { COLLECTED_AT, fleetPage } from '../../__testUtils__/fixtures';
import {
  mockMlObservabilityApi,
  renderWithApis,
} from '../../__testUtils__/testApp';
import { FleetTable } from './FleetTable';

const HTML_500 =
  'SageMaker ListMonitoringSchedules in 210987654321/eu-west-1 answered HTTP 500 with a non-AWS body: the operation may be unsupported by this endpoint';

const partialRow: FleetRow = {
  ...fleetPage.items[2],
  status: 'healthy',
  partial: true,
  failedSources: [
    { source: 'schedules', outcome: 'unsupported', message: HTML_500 },
    { source: 'ext:prometheus', outcome: 'throttled' },
  ],
  reasonCount: 1,
  topReason: 'Signal source prometheus could not be read (throttled)',
};

describe('FleetTable', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse(COLLECTED_AT));
  });
  afterEach(() => jest.restoreAllMocks());

  it('marks a partial verdict with the sources it leaves out, and what went wrong on hover', async () => {
    await renderWithApis(
      <FleetTable rows={[fleetPage.items[0], partialRow]} />,
      {
        api: mockMlObservabilityApi(),
      },
    );
    const row = screen.getByTestId(`fleet-row-${partialRow.entityRef}`);
    expect(within(row).getByText('Healthy')).toBeInTheDocument();
    const marker = within(row).getByTestId('fleet-partial');
    expect(marker).toHaveTextContent(
      'Partial: monitoring schedules and signal source prometheus not read',
    );
    await userEvent.hover(marker);
    const tooltip = await screen.findByRole('tooltip');
    expect(
      within(tooltip).getByText(
        `Monitoring schedules not available: ${HTML_500}`,
      ),
    ).toBeInTheDocument();
    expect(
      within(tooltip).getByText('Signal source prometheus throttled by AWS'),
    ).toBeInTheDocument();

    const complete = screen.getByTestId(
      `fleet-row-${fleetPage.items[0].entityRef}`,
    );
    expect(
      within(complete).queryByTestId('fleet-partial'),
    ).not.toBeInTheDocument();
  });
});
