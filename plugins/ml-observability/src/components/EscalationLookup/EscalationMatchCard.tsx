import { ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type {
  EscalationMatch,
  EscalationMatchKind,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { formatInstant } from '@mlobs/backstage-plugin-ml-observability-common';
import { StateChip } from '../AlertHistoryCard/AlertHistoryCard';
import { EscalationPath, OnCallLinks } from '../OwnershipCard/OwnershipCard';
import { SeverityRules } from '../OwnershipCard/SeverityRules';
import { HEALTH_STATUS_TEXT } from '../shared/format';
import { HEALTH_KIND, StatusLabel } from '../shared/StatusLabel';
import { Card } from '../shared/Card';

const MATCHED_BY_TEXT: Record<EscalationMatchKind, string> = {
  alarm: 'alarm',
  endpoint: 'endpoint',
  schedule: 'monitoring schedule',
  arn: 'ARN',
};

function Row(props: { label: string; children: ReactNode }) {
  return (
    <Box display="flex" mt={1} style={{ gap: 8 }}>
      <Typography
        variant="body2"
        component="span"
        style={{ minWidth: 160, fontWeight: 500 }}
      >
        {props.label}
      </Typography>
      <Box>{props.children}</Box>
    </Box>
  );
}

/** One model a pasted resource belongs to: who to call and what to do. */
export function EscalationMatchCard(props: { match: EscalationMatch }) {
  const { match } = props;
  return (
    <Card
      title={
        <EntityRefLink entityRef={match.entityRef}>{match.title}</EntityRefLink>
      }
      subheader={`Matched by ${MATCHED_BY_TEXT[match.matchedBy]}${
        match.resource ? ` ${match.resource}` : ''
      }`}
    >
      {match.health && (
        <Row label="Health now">
          <StatusLabel kind={HEALTH_KIND[match.health]}>
            {HEALTH_STATUS_TEXT[match.health]}
          </StatusLabel>
        </Row>
      )}
      {match.matchedBy === 'alarm' &&
        match.recentTransitions &&
        match.recentTransitions.length > 0 && (
          <Row label="Recent transitions">
            <Box
              component="ol"
              aria-label="Recent transitions of the alarm"
              m={0}
              p={0}
              style={{ listStyle: 'none' }}
            >
              {match.recentTransitions.map(t => (
                <Box
                  component="li"
                  key={`${t.alarmArn}|${t.state}|${t.at}`}
                  display="flex"
                  alignItems="center"
                  style={{ gap: 8 }}
                  mb={0.5}
                >
                  <StateChip state={t.state} />
                  <Typography variant="body2" component="span">
                    {formatInstant(t.at)}
                  </Typography>
                </Box>
              ))}
            </Box>
          </Row>
        )}
      <Row label="Owner">
        {match.owner ? (
          <EntityRefLink
            entityRef={match.owner.entityRef}
            defaultKind="group"
          />
        ) : (
          'No owner in the catalog'
        )}
      </Row>
      <Row label="Next in the path">
        <Typography variant="body2" component="span" data-testid="next-in-path">
          {match.nextInPath ?? 'The runbook names no escalation path'}
        </Typography>
      </Row>
      {match.path.length > 0 && (
        <Row label="Escalation path">
          <EscalationPath path={match.path} />
        </Row>
      )}
      {match.onCall && match.onCall.length > 0 && (
        <Row label="On call">
          <OnCallLinks links={match.onCall} />
        </Row>
      )}
      <Row label="Severity rule">
        {match.severityRule ? (
          <SeverityRules
            rules={[match.severityRule]}
            entityRef={match.entityRef}
            alarmArn={alarmArnOf(match)}
          />
        ) : (
          'The runbook has no severity rules'
        )}
      </Row>
      <Row label="Runbook">
        {match.runbookUrl ? (
          <Link to={match.runbookUrl}>Open the runbook</Link>
        ) : (
          runbookWithoutLink(match)
        )}
      </Row>
    </Card>
  );
}

// The action's notification names its run when the lookup was for an alarm's ARN.
function alarmArnOf(match: EscalationMatch): string | undefined {
  return match.resource &&
    /^arn:[^:]+:cloudwatch:[^:]*:[^:]*:alarm:/.test(match.resource)
    ? match.resource
    : undefined;
}

// A runbook next to the catalog file is read (it gave the path and rules) but has no web address.
function runbookWithoutLink(match: EscalationMatch): string {
  return match.path.length > 0 || match.severityRule
    ? 'Read from the file named by the ml-observability/runbook annotation, next to the catalog entry'
    : 'None: add the ml-observability/runbook annotation';
}
