import type { ModelAnnotationDefaults } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  ACCOUNT_ID_PATTERN,
  ACCOUNT_ID_RULE,
  ENDPOINT_NAME_PATTERN,
  ENDPOINT_NAME_RULE,
  REGION_PATTERN,
  REGION_RULE,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { z as zod } from 'zod/v3';
import { DEFAULT_AWS_REGION } from '@mlobs/backstage-plugin-ml-observability-node';
import type { AwsTarget } from '../aws/clients';

type Z = typeof zod;

export const accountIdInput = (z: Z) =>
  z
    .string()
    .regex(ACCOUNT_ID_PATTERN, { message: `expected ${ACCOUNT_ID_RULE}` })
    .optional()
    .describe(
      'AWS account id (12 digits). Default: mlObservability.defaults.accountId, else aws.mainAccount, else the first of aws.accounts, else the default credentials.',
    );

export const regionInput = (z: Z) =>
  z
    .string()
    .regex(REGION_PATTERN, { message: `expected ${REGION_RULE}` })
    .optional()
    .describe(
      'AWS region. Default: mlObservability.defaults.region, else us-east-1.',
    );

export const endpointNameInput = (z: Z) =>
  z
    .string()
    .regex(ENDPOINT_NAME_PATTERN, { message: `expected ${ENDPOINT_NAME_RULE}` })
    .describe('SageMaker endpoint name');

export const S3_URI_PATTERN =
  /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/;

export const s3UriInput = (z: Z, description: string) =>
  z
    .string()
    .regex(S3_URI_PATTERN, {
      message: 'expected an S3 URI such as s3://my-bucket/prefix',
    })
    .describe(description);

export function resolveTarget(
  input: { accountId?: string; region?: string },
  defaults: ModelAnnotationDefaults,
): AwsTarget {
  const accountId = input.accountId ?? defaults.accountId;
  return {
    ...(accountId ? { accountId } : {}),
    region: input.region ?? defaults.region ?? DEFAULT_AWS_REGION,
  };
}
