import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { ConfigReader } from '@backstage/config';
import { AwsClientFactory } from './clients';

describe('AwsClientFactory.sqs', () => {
  let server: Server;
  let url: string;
  const requests: { headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', chunk => (body += chunk));
      req.on('end', () => {
        requests.push({ headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end('{}');
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise(resolve => server.close(resolve)));

  it('sends to the queue URL with the credentials of the account, one cached client per account, region and endpoint', async () => {
    const factory = AwsClientFactory.fromConfig(
      new ConfigReader({
        aws: {
          accounts: [
            {
              accountId: '123456789012',
              accessKeyId: 'AKIAQUEUEREADER',
              secretAccessKey: 'secret',
            },
          ],
        },
      }),
    );
    try {
      const queueUrl = `${url}/123456789012/ml-alarms`;
      const sqs = factory.sqs('123456789012', 'eu-west-1', queueUrl);
      expect(
        factory.sqs('123456789012', 'eu-west-1', `${url}/123456789012/other`),
      ).toBe(sqs);
      expect(
        factory.sqs(
          '123456789012',
          'eu-west-1',
          'https://sqs.eu-west-1.amazonaws.com/123456789012/ml-alarms',
        ),
      ).not.toBe(sqs);

      await expect(
        sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0 }),
        ),
      ).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
      expect(requests).toHaveLength(1);
      const [{ headers, body }] = requests;
      expect(headers['x-amz-target']).toBe('AmazonSQS.ReceiveMessage');
      expect(headers.authorization).toContain('Credential=AKIAQUEUEREADER/');
      expect(headers.authorization).toContain('/eu-west-1/sqs/aws4_request');
      expect(headers['user-agent']).toContain(
        'backstage-plugin-ml-observability',
      );
      expect(JSON.parse(body)).toEqual({
        QueueUrl: queueUrl,
        WaitTimeSeconds: 0,
      });
    } finally {
      factory.destroy();
    }
  });
});
