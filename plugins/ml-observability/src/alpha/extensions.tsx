import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
  SubPageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import TimelineIcon from '@material-ui/icons/Timeline';
import { isMlModelEntity } from '@mlobs/backstage-plugin-ml-observability-common';
import { MlObservabilityClient, mlObservabilityApiRef } from '../api';
import {
  escalationSubRouteRef,
  fleetSubRouteRef,
  rootRouteRef,
} from '../routes';

/** The backend client. */
export const mlObservabilityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: mlObservabilityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MlObservabilityClient({ discoveryApi, fetchApi }),
    }),
});

/** The ML Observability tab of model entities, in the observability group. */
export const mlObservabilityEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'ml-observability',
    title: 'ML Observability',
    group: 'observability',
    filter: isMlModelEntity,
    loader: () =>
      import(
        '../components/EntityMlObservabilityContent/EntityMlObservabilityContent'
      ).then(m => <m.EntityMlObservabilityContent />),
  },
});

/** The plugin's page and nav item; its sub-pages are the tabs below. */
export const mlObservabilityPage = PageBlueprint.make({
  params: {
    path: '/ml-observability',
    title: 'ML Observability',
    icon: <TimelineIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
  },
});

/** Every model, worst first; the page opens on it. */
export const mlObservabilityFleetSubPage = SubPageBlueprint.make({
  name: 'fleet',
  params: {
    path: 'fleet',
    title: 'Fleet',
    routeRef: fleetSubRouteRef,
    loader: () =>
      import('../components/FleetPage/FleetPageContent').then(m => (
        <m.FleetPageContent />
      )),
  },
});

/** From an alarm, endpoint or schedule name to the model's owner and runbook. */
export const mlObservabilityEscalationSubPage = SubPageBlueprint.make({
  name: 'escalation',
  params: {
    path: 'escalation',
    title: 'Escalation lookup',
    routeRef: escalationSubRouteRef,
    loader: () =>
      import('../components/EscalationLookup/EscalationLookupContent').then(
        m => <m.EscalationLookupContent />,
      ),
  },
});
