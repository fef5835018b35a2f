/** An alarm mute's run (PutAlarmMuteRule, confirmed) and its undo (DeleteAlarmMuteRule). */
import {
  CloudWatchClient,
  DeleteAlarmMuteRuleCommand,
  GetAlarmMuteRuleCommand,
  PutAlarmMuteRuleCommand,
} from '@aws-sdk/client-cloudwatch';
import type { StoredActionRun } from '../store';
import { actionCallFailure } from './awsErrors';
import { RunContext, timeText } from './runContext';

export async function executeMute(
  ctx: RunContext,
  initial: StoredActionRun,
): Promise<StoredActionRun | undefined> {
  let run = initial;
  const mute = run.plan.muteAlarms!;
  const { cloudwatch } = ctx.clientsOf(mute.accountId, mute.region);
  const startedAt = new Date(run.startedAt);
  const endsAt = new Date(startedAt.getTime() + mute.durationMinutes * 60_000);
  try {
    await cloudwatch.send(
      new PutAlarmMuteRuleCommand({
        Name: mute.ruleName,
        Description:
          `Muted from Backstage by ${run.actor} for ${run.entityRef}: ${run.plan.label}`.slice(
            0,
            1024,
          ),
        Rule: {
          Schedule: {
            Expression: `at(${startedAt.toISOString().slice(0, 16)})`,
            Duration: `PT${mute.durationMinutes}M`,
          },
        },
        MuteTargets: { AlarmNames: mute.alarms },
        ExpireDate: endsAt,
      }),
    );
  } catch (error) {
    const failure = actionCallFailure(error, {
      service: 'CloudWatch',
      operation: 'PutAlarmMuteRule',
      accountId: mute.accountId,
      region: mute.region,
    });
    const exists = await muteRuleExists(cloudwatch, mute.ruleName);
    if (exists !== true) {
      return ctx.end(
        run,
        'failed',
        `${failure.message}; no mute rule was created${
          exists === undefined ? ' as far as CloudWatch can be read now' : ''
        }`,
      );
    }
  }
  run = await ctx.progress(run, [`Alarm mute rule ${mute.ruleName} created`], {
    changed: true,
    result: {
      muteRule: { name: mute.ruleName, endsAt: endsAt.toISOString() },
    },
  });
  await ctx.noteInNotification(run);
  const exists = await muteRuleExists(cloudwatch, mute.ruleName);
  return ctx.end(
    run,
    exists === false ? 'failed' : 'succeeded',
    exists === false
      ? `CloudWatch accepted mute rule ${mute.ruleName} but does not list it; check the alarms in CloudWatch`
      : `${mute.alarms.length} alarm${
          mute.alarms.length === 1 ? '' : 's'
        } muted until ${timeText(endsAt)} (they still change state)`,
  );
}

export async function executeUnmute(
  ctx: RunContext,
  run: StoredActionRun,
): Promise<StoredActionRun | undefined> {
  const mute = run.plan.muteAlarms!;
  const { cloudwatch } = ctx.clientsOf(mute.accountId, mute.region);
  try {
    await cloudwatch.send(
      new DeleteAlarmMuteRuleCommand({ AlarmMuteRuleName: mute.ruleName }),
    );
  } catch (error) {
    if ((error as { name?: string })?.name !== 'ResourceNotFoundException') {
      const failure = actionCallFailure(error, {
        service: 'CloudWatch',
        operation: 'DeleteAlarmMuteRule',
        accountId: mute.accountId,
        region: mute.region,
      });
      return ctx.end(
        run,
        'failed',
        `${failure.message}; the alarms stay muted until the rule ends`,
      );
    }
  }
  return ctx.end(
    run,
    'succeeded',
    `Mute rule ${mute.ruleName} deleted; the alarms notify again`,
    {},
    true,
  );
}

async function muteRuleExists(
  cloudwatch: CloudWatchClient,
  name: string,
): Promise<boolean | undefined> {
  try {
    await cloudwatch.send(
      new GetAlarmMuteRuleCommand({ AlarmMuteRuleName: name }),
    );
    return true;
  } catch (error) {
    return (error as { name?: string })?.name === 'ResourceNotFoundException'
      ? false
      : undefined;
  }
}
