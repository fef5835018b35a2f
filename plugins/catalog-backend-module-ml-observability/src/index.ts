/**
 * Catalog module of ML Observability: model annotation and runbook
 * validation, SageMaker endpoint discovery, locally published catalog files.
 *
 * @packageDocumentation
 */

export { catalogModuleMlObservability as default } from './module';
export { MlModelProcessor } from './processor/MlModelProcessor';
export {
  LocalPublishLocationProcessor,
  LOCAL_PUBLISH_LOCATION_TYPE,
  readLocalPublishRoot,
} from './localPublish/LocalPublishLocationProcessor';
export {
  ANNOTATION_ENDPOINT_STATUS,
  ANNOTATION_SAGEMAKER_ENDPOINT_ARN,
  ANNOTATION_UNCLAIMED,
  SAGEMAKER_ENDPOINT_RESOURCE_TYPE,
} from './provider/endpointEntities';
