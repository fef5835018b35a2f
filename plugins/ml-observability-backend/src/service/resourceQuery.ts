/**
 * Reading "who owns this?" questions: an endpoint, alarm or schedule name,
 * or the ARN of one of them. Unusable input is a 400 with a sentence to act on.
 */
import { InputError } from '@backstage/errors';
import type { ResourceKey } from '../domain/types';

export const MAX_RESOURCE_LENGTH = 2048;

export interface ResourceQuery {
  query: string;
  keys: ResourceKey[];
  /** Set for ARNs: only models in this account and region match. */
  accountId?: string;
  region?: string;
  isArn: boolean;
}

const ARN = /^arn:aws[a-z-]*:([a-z0-9-]+):([a-z0-9-]*):(\d{12}):(.+)$/;

function parseArn(arn: string): ResourceQuery {
  const match = ARN.exec(arn);
  if (!match) {
    throw new InputError(
      `${JSON.stringify(
        arn,
      )} is not an ARN of the form arn:aws:<service>:<region>:<account>:<resource>`,
    );
  }
  const [, service, region, accountId, resource] = match;
  const base = { query: arn, accountId, region, isArn: true };
  if (service === 'sagemaker') {
    const slash = resource.indexOf('/');
    const type = resource.slice(0, slash);
    const name = resource.slice(slash + 1).toLowerCase();
    if (slash > 0 && name && type === 'endpoint') {
      return { ...base, keys: [{ kind: 'endpoint', key: name }] };
    }
    if (slash > 0 && name && type === 'monitoring-schedule') {
      return { ...base, keys: [{ kind: 'schedule', key: name }] };
    }
  }
  if (
    service === 'cloudwatch' &&
    resource.startsWith('alarm:') &&
    resource.length > 6
  ) {
    return {
      ...base,
      keys: [
        { kind: 'alarm-arn', key: arn },
        { kind: 'alarm', key: resource.slice('alarm:'.length) },
      ],
    };
  }
  throw new InputError(
    `${JSON.stringify(
      arn,
    )} is not the ARN of a SageMaker endpoint, a monitoring schedule or a CloudWatch alarm`,
  );
}

/** Parses the `resource` of an escalation lookup; throws InputError for unusable input. */
export function parseResourceQuery(input: string): ResourceQuery {
  const text = input.trim();
  if (text === '') {
    throw new InputError(
      'resource is empty; give an endpoint, alarm or schedule name, or an ARN',
    );
  }
  if (text.length > MAX_RESOURCE_LENGTH) {
    throw new InputError(
      `resource is ${text.length} characters long; at most ${MAX_RESOURCE_LENGTH} are accepted`,
    );
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f]/.test(text))
    throw new InputError('resource contains control characters');
  if (text.startsWith('arn:')) return parseArn(text);
  return {
    query: text,
    isArn: false,
    keys: [
      { kind: 'endpoint', key: text.toLowerCase() },
      { kind: 'schedule', key: text.toLowerCase() },
      // CloudWatch alarm names are case-sensitive.
      { kind: 'alarm', key: text },
    ],
  };
}
