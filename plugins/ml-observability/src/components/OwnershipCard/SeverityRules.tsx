import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type {
  ActionRun,
  SeverityRule,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { RunbookActionButton } from '../RunbookActions/RunbookActionButton';
import { StatusLabel } from '../shared/StatusLabel';

/**
 * The runbook's severity rules, most severe first, the one that holds now
 * marked. Given the model's `entityRef`, a rule with a structured action gets
 * a button that plans and runs it (for users allowed to).
 */
export function SeverityRules(props: {
  rules: SeverityRule[];
  activeSeverity?: number;
  entityRef?: string;
  /** The alarm the rules' actions respond to, when known. */
  alarmArn?: string;
  onActionRunChange?: (run: ActionRun) => void;
}) {
  return (
    <Box component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
      {props.rules.map(rule => {
        const active = rule.level === props.activeSeverity;
        return (
          <Box
            component="li"
            key={rule.level}
            mb={2}
            pl={1}
            borderLeft={active ? 4 : 1}
            borderColor={active ? 'error.main' : 'divider'}
            data-testid={`severity-${rule.level}`}
          >
            <Box
              display="flex"
              alignItems="center"
              flexWrap="wrap"
              style={{ gap: 8 }}
            >
              <Typography variant="subtitle2" component="h4">
                Severity {rule.level}
              </Typography>
              {active && <StatusLabel kind="error">Applies now</StatusLabel>}
              {!active &&
                props.activeSeverity === undefined &&
                rule.level === 1 && (
                  <Chip size="small" variant="outlined" label="Most severe" />
                )}
            </Box>
            <Typography variant="body2">When: {rule.condition}</Typography>
            <Typography variant="body2">
              <strong>First action:</strong> {rule.immediateAction}
            </Typography>
            {props.entityRef && rule.action && (
              <Box my={0.5}>
                <RunbookActionButton
                  entityRef={props.entityRef}
                  action={rule.action}
                  alarmArn={props.alarmArn}
                  onRunChange={props.onActionRunChange}
                />
              </Box>
            )}
            <Typography variant="body2">Notify: {rule.notification}</Typography>
            <Typography variant="body2">Timeline: {rule.timeline}</Typography>
          </Box>
        );
      })}
    </Box>
  );
}
