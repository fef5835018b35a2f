import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { RegionContext } from '../context';
import { Limiter } from '../limit';

/**
 * A collection step's context for account 123456789012 in us-east-1, with
 * real SDK clients for `aws-sdk-client-mock` to intercept (mock the client
 * class before the calls), two calls at a time and a 1 s request timeout.
 */
export function testRegionContext(): RegionContext {
  return new RegionContext(
    '123456789012',
    'us-east-1',
    {
      cloudwatch: new CloudWatchClient({ region: 'us-east-1' }),
      sagemaker: new SageMakerClient({ region: 'us-east-1' }),
    },
    new Limiter(2),
    1000,
  );
}
