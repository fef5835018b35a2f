import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { hasObservableSource, MissingAnnotations } from './MissingAnnotations';
import { ModelObservability } from './ModelObservability';

/**
 * The ML Observability tab of a model entity: health, drift, quality,
 * alarms, monitoring, ownership and escalation.
 * @public
 */
export function EntityMlObservabilityContent() {
  const { entity } = useEntity();
  if (!hasObservableSource(entity)) {
    return <MissingAnnotations entity={entity} />;
  }
  // Keyed so that another entity starts with its own range and selection.
  const entityRef = stringifyEntityRef(entity);
  return <ModelObservability key={entityRef} entityRef={entityRef} />;
}
