import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import TimelineIcon from '@material-ui/icons/Timeline';
import {
  escalationSubRouteRef,
  fleetSubRouteRef,
  rootRouteRef,
} from '../routes';
import {
  mlObservabilityApi,
  mlObservabilityEntityContent,
  mlObservabilityEscalationSubPage,
  mlObservabilityFleetSubPage,
  mlObservabilityPage,
} from './extensions';

/**
 * The ML Observability plugin for the new frontend system: the entity tab,
 * the fleet page with its nav item, and the escalation lookup.
 * @public
 */
export const mlObservabilityFrontendPlugin = createFrontendPlugin({
  pluginId: 'ml-observability',
  title: 'ML Observability',
  icon: <TimelineIcon fontSize="inherit" />,
  info: { packageJson: () => import('../../package.json') },
  routes: {
    root: rootRouteRef,
    fleet: fleetSubRouteRef,
    escalation: escalationSubRouteRef,
  },
  extensions: [
    mlObservabilityApi,
    mlObservabilityEntityContent,
    mlObservabilityPage,
    mlObservabilityFleetSubPage,
    mlObservabilityEscalationSubPage,
  ],
});
