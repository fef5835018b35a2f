import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ActionPlan,
  formatDuration,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { WeightsChart } from './WeightsChart';

/** What muting does not do, said wherever a mute is planned. */
export const MUTE_NOTE =
  'A muted alarm still changes state; only its notifications are held.';

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box mt={2}>
      <Typography variant="subtitle2" component="h3">
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

function where(accountId: string, region: string): string {
  return [accountId, region].filter(Boolean).join(' / ');
}

/** The data of a plan, by type: weights, pipeline parameters or alarms. */
export function PlanDetails(props: { plan: ActionPlan }) {
  const { shiftTraffic, startPipeline, muteAlarms } = props.plan;
  return (
    <>
      {shiftTraffic && (
        <Section title="Traffic">
          <Typography variant="body2">
            Endpoint {shiftTraffic.endpoint} (
            {where(shiftTraffic.accountId, shiftTraffic.region)}), now{' '}
            {shiftTraffic.endpointStatus}
          </Typography>
          <WeightsChart
            before={shiftTraffic.before}
            after={shiftTraffic.after}
          />
        </Section>
      )}
      {startPipeline && (
        <Section title="Pipeline">
          <Typography variant="body2">
            {startPipeline.pipeline} (
            {where(startPipeline.accountId, startPipeline.region)})
          </Typography>
          {Object.keys(startPipeline.parameters).length > 0 ? (
            <Box component="ul" m={0} pl={2} aria-label="Pipeline parameters">
              {Object.entries(startPipeline.parameters).map(([k, v]) => (
                <li key={k}>
                  <Typography variant="body2" component="span">
                    {k} = {v}
                  </Typography>
                </li>
              ))}
            </Box>
          ) : (
            <Typography variant="body2">
              No parameters: the pipeline&apos;s defaults apply.
            </Typography>
          )}
        </Section>
      )}
      {muteAlarms && (
        <Section title="Alarms">
          <Typography variant="body2">
            For {formatDuration(muteAlarms.durationMinutes * 60)} (
            {where(muteAlarms.accountId, muteAlarms.region)}), with the mute
            rule {muteAlarms.ruleName}:
          </Typography>
          <Box component="ul" m={0} pl={2} aria-label="Alarms to mute">
            {muteAlarms.alarms.map(alarm => (
              <li key={alarm}>
                <Typography variant="body2" component="span">
                  {alarm}
                </Typography>
              </li>
            ))}
          </Box>
          <Typography variant="body2">{MUTE_NOTE}</Typography>
        </Section>
      )}
    </>
  );
}
