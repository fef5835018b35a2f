import { randomBytes } from 'node:crypto';
import { AwsError } from '../server/errors';

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export interface StsCaller {
  accessKeyId: string;
  account: string;
  now: number;
  requestId: string;
}

/** Sessions issued by AssumeRole, so GetCallerIdentity can answer with the assumed role. */
export class StsSessions {
  private readonly sessions = new Map<
    string,
    { roleArn: string; sessionName: string; account: string }
  >();

  assumeRole(params: URLSearchParams, caller: StsCaller): string {
    const roleArn = params.get('RoleArn');
    const sessionName = params.get('RoleSessionName');
    if (!roleArn)
      throw new AwsError(
        'MissingParameter',
        'The request must contain the parameter RoleArn.',
        400,
      );
    if (!sessionName || !/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      throw new AwsError(
        'ValidationError',
        'RoleSessionName must be 2-64 characters of [\\w+=,.@-].',
        400,
      );
    }
    const match =
      /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(
        roleArn,
      );
    if (!match)
      throw new AwsError(
        'ValidationError',
        `${roleArn} is not a valid role ARN.`,
        400,
      );
    const duration = Number(params.get('DurationSeconds') ?? 3600);
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
      throw new AwsError(
        'ValidationError',
        'DurationSeconds must be between 900 and 43200.',
        400,
      );
    }
    const [, account, roleName] = match;
    // The key id carries the role's account, which is how the emulator routes later calls.
    const accessKeyId = `ASIA${account}${randomBytes(2)
      .toString('hex')
      .toUpperCase()}`;
    this.sessions.set(accessKeyId, { roleArn, sessionName, account });
    const expiration = new Date(caller.now + duration * 1000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    const roleId = `AROA${randomBytes(8).toString('hex').toUpperCase()}`;
    return xml(
      'AssumeRole',
      `<AssumedRoleUser><AssumedRoleId>${roleId}:${escape(
        sessionName,
      )}</AssumedRoleId>` +
        `<Arn>arn:aws:sts::${account}:assumed-role/${escape(roleName)}/${escape(
          sessionName,
        )}</Arn></AssumedRoleUser>` +
        `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId>` +
        `<SecretAccessKey>${randomBytes(20).toString(
          'base64',
        )}</SecretAccessKey>` +
        `<SessionToken>${randomBytes(48).toString('base64')}</SessionToken>` +
        `<Expiration>${expiration}</Expiration></Credentials>`,
      caller.requestId,
    );
  }

  getCallerIdentity(caller: StsCaller): string {
    const session = this.sessions.get(caller.accessKeyId);
    const arn = session
      ? `arn:aws:sts::${session.account}:assumed-role/${session.roleArn
          .split('/')
          .pop()}/${session.sessionName}`
      : `arn:aws:iam::${caller.account}:user/emulator`;
    return xml(
      'GetCallerIdentity',
      `<Arn>${escape(arn)}</Arn><UserId>${escape(
        caller.accessKeyId,
      )}</UserId><Account>${caller.account}</Account>`,
      caller.requestId,
    );
  }
}

function xml(action: string, result: string, requestId: string): string {
  return (
    `<${action}Response xmlns="${XMLNS}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export function stsErrorXml(error: AwsError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${
      error.fault
    }</Type><Code>${escape(error.queryCode)}</Code>` +
    `<Message>${escape(
      error.message,
    )}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

function escape(text: string): string {
  return text.replace(/[<>&'"]/g, c => `&#${c.charCodeAt(0)};`);
}
