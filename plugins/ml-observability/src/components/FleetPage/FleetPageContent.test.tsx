import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  COLLECTED_AT,
  fleetPage,
  fleetPage2,
} from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/errors';
import {
  mockMlObservabilityApi,
  renderWithApis,
} from '../../__testUtils__/testApp';
import { FleetPageContent } from './FleetPageContent';

function setup() {
  const api = mockMlObservabilityApi();
  api.getFleet.mockImplementation(async query =>
    query?.cursor === 'cursor-page-2' ? fleetPage2 : fleetPage,
  );
  return api;
}

const lastQuery = (api: ReturnType<typeof setup>) =>
  api.getFleet.mock.lastCall?.[0];

describe('FleetPageContent', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse(COLLECTED_AT));
  });
  afterEach(() => jest.restoreAllMocks());

  it("starts with the user's groups as the owner filter", async () => {
    const api = setup();
    await renderWithApis(<FleetPageContent />, {
      api,
      ownershipEntityRefs: [
        'user:default/guest',
        'group:default/ml-platform-team',
        'group:default/customer-insights-team',
      ],
    });
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenCalledWith({
        owner: [
          'group:default/ml-platform-team',
          'group:default/customer-insights-team',
        ],
        cursor: undefined,
        limit: 25,
      }),
    );
    expect(api.getFleet).toHaveBeenCalledTimes(1);
    expect(
      await screen.findByText('Your groups. Clear to see every owner.'),
    ).toBeInTheDocument();
  });

  it('lists models in the order given, worst first, with links, owner and sparkline', async () => {
    await renderWithApis(<FleetPageContent />, { api: setup() });
    const rows = await screen.findAllByTestId(/^fleet-row-/);
    expect(rows.map(r => r.dataset.testid)).toEqual([
      'fleet-row-component:default/churn-prediction',
      'fleet-row-component:default/recommendation-engine',
      'fleet-row-component:default/demand-forecast',
    ]);
    const churn = rows[0];
    expect(within(churn).getByText('Critical')).toBeInTheDocument();
    expect(
      within(churn).getByRole('link', { name: 'churn-prediction' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/churn-prediction/ml-observability',
    );
    expect(within(churn).getByText('and 2 more reasons')).toBeInTheDocument();
    expect(
      within(churn).getByRole('link', { name: 'customer-insights-team' }),
    ).toBeInTheDocument();
    expect(
      within(churn).getByText('123456789012 / us-east-1'),
    ).toBeInTheDocument();
    expect(
      within(churn).getByRole('img', { name: 'Accuracy from 93.0% to 78.0%' }),
    ).toBeInTheDocument();
    expect(
      within(churn).getByText('2024-05-14 12:00 UTC (0 s ago)'),
    ).toBeInTheDocument();
    // Without a title the model is named after its entity.
    expect(
      within(rows[2]).getByRole('link', { name: 'demand-forecast' }),
    ).toBeInTheDocument();
    expect(within(rows[2]).getByText('Nothing to report')).toBeInTheDocument();
  });

  it('pages forward and back with the cursor', async () => {
    const api = setup();
    await renderWithApis(<FleetPageContent />, { api });
    expect(await screen.findByText('Models 1–3 of 5')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Previous page' }),
    ).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Models 4–4 of 5')).toBeInTheDocument();
    expect(lastQuery(api)?.cursor).toBe('cursor-page-2');
    expect(
      screen.getByTestId('fleet-row-component:default/ticket-routing'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Previous page' }),
    );
    expect(await screen.findByText('Models 1–3 of 5')).toBeInTheDocument();
    expect(lastQuery(api)?.cursor).toBeUndefined();
  });

  it('shows every owner once the owner filter is cleared, and filters by health', async () => {
    const api = setup();
    await renderWithApis(<FleetPageContent />, { api });
    await screen.findByText('Models 1–3 of 5');
    const owner = screen.getByRole('textbox', { name: 'Owner' });
    await userEvent.click(
      within(owner.closest('.MuiAutocomplete-root') as HTMLElement).getByTitle(
        'Clear',
      ),
    );
    await waitFor(() => expect(lastQuery(api)?.owner).toBeUndefined());
    expect(screen.getByText('Every owner')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('textbox', { name: 'Health' }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Critical' }),
    );
    await waitFor(() => expect(lastQuery(api)?.status).toEqual(['critical']));
  });

  it('starts from the first page when a filter changes', async () => {
    const api = setup();
    await renderWithApis(<FleetPageContent />, { api });
    await screen.findByText('Models 1–3 of 5');
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('Models 4–4 of 5');
    await userEvent.click(screen.getByRole('textbox', { name: 'Region' }));
    await userEvent.paste('eu-west-1');
    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(lastQuery(api)).toMatchObject({
        region: ['eu-west-1'],
        cursor: undefined,
      }),
    );
  });

  it('leaves out an account id that is not 12 digits, saying why', async () => {
    const api = setup();
    await renderWithApis(<FleetPageContent />, { api });
    await screen.findByText('Models 1–3 of 5');
    await userEvent.click(screen.getByRole('textbox', { name: 'Account' }));
    await userEvent.paste('12345');
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByText(/^"12345" left out:/)).toBeInTheDocument();
    expect(lastQuery(api)?.accountId).toBeUndefined();
    await userEvent.paste('123456789012');
    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(lastQuery(api)?.accountId).toEqual(['123456789012']),
    );
  });

  it('asks for every owner when the user belongs to no group', async () => {
    const api = setup();
    await renderWithApis(<FleetPageContent />, {
      api,
      ownershipEntityRefs: ['user:default/guest'],
    });
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenCalledWith({
        cursor: undefined,
        limit: 25,
      }),
    );
  });

  it('says when no model matches', async () => {
    const api = mockMlObservabilityApi();
    api.getFleet.mockResolvedValue({ items: [], totalCount: 0 });
    await renderWithApis(<FleetPageContent />, { api });
    expect(
      await screen.findByText('No models match these filters'),
    ).toBeInTheDocument();
  });

  it('shows a backend error', async () => {
    const api = mockMlObservabilityApi();
    api.getFleet.mockRejectedValue(
      await responseError(500, 'snapshot store unavailable'),
    );
    await renderWithApis(<FleetPageContent />, { api });
    expect(
      (await screen.findAllByText(/snapshot store unavailable/))[0],
    ).toBeInTheDocument();
  });

  it('sorts by fired in 7 days on the server and shows — for rows without the figure', async () => {
    const api = mockMlObservabilityApi();
    const [first, ...rest] = fleetPage.items;
    api.getFleet.mockResolvedValue({
      ...fleetPage,
      items: [{ ...first, firedIn7d: 4 }, ...rest],
    });
    await renderWithApis(<FleetPageContent />, {
      api,
      ownershipEntityRefs: ['user:default/guest'],
    });
    const rows = await screen.findAllByTestId(/^fleet-row-/);
    expect(within(rows[0]).getByTestId('fleet-fired')).toHaveTextContent('4');
    expect(within(rows[1]).getByTestId('fleet-fired')).toHaveTextContent('—');
    expect(lastQuery(api)?.sort).toBeUndefined();

    await userEvent.click(
      screen.getByRole('button', { name: 'Fired (7d): sort most fired first' }),
    );
    await waitFor(() =>
      expect(lastQuery(api)).toEqual({
        sort: 'firedIn7d',
        cursor: undefined,
        limit: 25,
      }),
    );
    expect(
      screen
        .getByRole('button', { name: /^Fired \(7d\), sorted most fired first/ })
        .closest('th'),
    ).toHaveAttribute('aria-sort', 'descending');

    await userEvent.click(
      screen.getByRole('button', { name: /sort worst health first instead/ }),
    );
    await waitFor(() => expect(lastQuery(api)?.sort).toBeUndefined());
  });
});
