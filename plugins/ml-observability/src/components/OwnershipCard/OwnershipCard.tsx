import { ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type {
  ActionRun,
  OnCallLink,
  ModelReport,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { SourceWarnings } from '../shared/SourceWarnings';
import { SeverityRules } from './SeverityRules';
import { Card } from '../shared/Card';

const PROVIDER_TEXT: Record<OnCallLink['provider'], string> = {
  pagerduty: 'PagerDuty service',
  opsgenie: 'Opsgenie team',
};

export function OnCallLinks(props: { links: OnCallLink[] }) {
  return (
    <Box component="ul" m={0} pl={2}>
      {props.links.map(link => {
        const text = `${PROVIDER_TEXT[link.provider]} ${link.id}`;
        return (
          <li key={`${link.provider}-${link.id}`}>
            {link.url ? <Link to={link.url}>{text}</Link> : text}
          </li>
        );
      })}
    </Box>
  );
}

export function EscalationPath(props: { path: string[] }) {
  return (
    <Box component="ol" m={0} pl={3} aria-label="Escalation path">
      {props.path.map((step, index) => (
        <li key={`${step}-${index}`}>
          <Typography variant="body2" component="span">
            {step}
            {index === 0 ? ' (first responder)' : ''}
          </Typography>
        </li>
      ))}
    </Box>
  );
}

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box mt={2}>
      <Typography variant="subtitle1" component="h3">
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

/**
 * Who owns the model, who is on call, and what the runbook says to do (and,
 * for rules with a structured action, a button to do it).
 */
export function OwnershipCard(props: {
  report: ModelReport;
  /** Called when a runbook action run started from this card starts and when it ends. */
  onActionRunChange?: (run: ActionRun) => void;
}) {
  const { ownership, escalation } = props.report;
  return (
    <Card title="Ownership & escalation">
      <SourceWarnings sources={props.report.sources} card="ownership" />
      <Section title="Owner">
        {ownership.owner ? (
          <EntityRefLink
            entityRef={ownership.owner.entityRef}
            defaultKind="group"
          />
        ) : (
          <Typography variant="body2">
            No owner: set spec.owner on the model's catalog entity.
          </Typography>
        )}
      </Section>
      {ownership.members.length > 0 && (
        <Section title="Members">
          <Box component="ul" m={0} pl={2}>
            {ownership.members.map(member => (
              <li key={member.entityRef}>
                <EntityRefLink entityRef={member.entityRef} defaultKind="user">
                  {member.displayName}
                </EntityRefLink>
                {member.email && (
                  <>
                    {' '}
                    (<Link to={`mailto:${member.email}`}>{member.email}</Link>)
                  </>
                )}
              </li>
            ))}
          </Box>
        </Section>
      )}
      <Section title="On call">
        {ownership.onCall.length > 0 ? (
          <OnCallLinks links={ownership.onCall} />
        ) : (
          <Typography variant="body2">
            No on-call link: add a pagerduty.com/service-id or opsgenie.com/team
            annotation.
          </Typography>
        )}
      </Section>
      <Section title="Escalation path">
        {escalation.path.length > 0 ? (
          <EscalationPath path={escalation.path} />
        ) : (
          <Typography variant="body2">
            The runbook names no escalation path
            (monitoring_config.data_quality.escalation_path).
          </Typography>
        )}
      </Section>
      <Section title="Severity rules">
        {escalation.severityRules.length > 0 ? (
          <SeverityRules
            rules={escalation.severityRules}
            activeSeverity={escalation.activeSeverity}
            entityRef={props.report.entityRef}
            onActionRunChange={props.onActionRunChange}
          />
        ) : (
          <Typography variant="body2">
            The runbook has no incident_response rules.
          </Typography>
        )}
      </Section>
      <Section title="Runbook">
        {escalation.runbookUrl ? (
          <Link to={escalation.runbookUrl}>Open the runbook</Link>
        ) : (
          <Typography variant="body2">
            {/* a runbook next to the catalog file is read, but has no web address to link to */}
            {escalation.path.length > 0 || escalation.severityRules.length > 0
              ? 'Read from the file named by the ml-observability/runbook annotation, next to the catalog entry.'
              : 'No runbook: add the ml-observability/runbook annotation.'}
          </Typography>
        )}
      </Section>
    </Card>
  );
}
