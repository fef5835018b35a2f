import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { MlObservabilitySignalSource } from './signals/types';

/**
 * The interface of {@link mlObservabilitySignalSourcesExtensionPoint}.
 * @public
 */
export interface MlObservabilitySignalSourcesExtensionPoint {
  /**
   * Adds a source collected in every round next to the backend's own `aws` source. Its series, alarms and
   * outcome are merged into the models' reports; its failure degrades only what it contributes.
   */
  addSource(source: MlObservabilitySignalSource): void;
}

/**
 * Lets a backend module add signal sources for models (metrics from somewhere other than CloudWatch)
 * without forking the ML Observability backend.
 * @public
 */
export const mlObservabilitySignalSourcesExtensionPoint =
  createExtensionPoint<MlObservabilitySignalSourcesExtensionPoint>({
    id: 'ml-observability.signal-sources',
  });
