import { CodeSnippet } from '@backstage/core-components';
import { MissingAnnotationEmptyState } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ANNOTATION_AWS_REGION,
  ANNOTATION_ML_METRICS,
  ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
} from '@mlobs/backstage-plugin-ml-observability-common';

/**
 * The annotations block to paste into this entity: its own name fills the
 * values, so usually only the endpoint name needs checking.
 */
export function annotationsYaml(entity: Entity): string {
  const name = entity.metadata.name;
  const hasRegion = Boolean(
    entity.metadata.annotations?.[ANNOTATION_AWS_REGION],
  );
  return [
    'metadata:',
    '  annotations:',
    `    # the SageMaker endpoint(s) serving ${name}, comma separated`,
    `    ${ANNOTATION_SAGEMAKER_ENDPOINT_NAME}: ${name}`,
    ...(hasRegion
      ? []
      : [
          `    # the endpoint's region, unless it is the backend's default`,
          `    ${ANNOTATION_AWS_REGION}: us-east-1`,
        ]),
    '    # or, for a model that publishes its own CloudWatch metrics:',
    `    # ${ANNOTATION_ML_METRICS}: namespace=ML/ModelPerformance,ModelName=${name}`,
  ].join('\n');
}

/** The entity names nothing to observe: say exactly what to add. */
export function MissingAnnotations(props: { entity: Entity }) {
  return (
    <>
      <MissingAnnotationEmptyState
        annotation={ANNOTATION_SAGEMAKER_ENDPOINT_NAME}
      />
      <Box mt={2}>
        <Typography variant="body1">
          ML Observability needs a SageMaker endpoint or a custom CloudWatch
          metrics source. Add this to {props.entity.metadata.name}'s
          catalog-info.yaml:
        </Typography>
        <CodeSnippet
          text={annotationsYaml(props.entity)}
          language="yaml"
          showCopyCodeButton
        />
      </Box>
    </>
  );
}

/** Whether the entity names something the backend can observe. */
export function hasObservableSource(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return [ANNOTATION_SAGEMAKER_ENDPOINT_NAME, ANNOTATION_ML_METRICS].some(
    name => (annotations[name] ?? '').trim() !== '',
  );
}
