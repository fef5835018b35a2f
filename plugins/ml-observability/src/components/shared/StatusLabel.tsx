import { ReactNode } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpIcon from '@material-ui/icons/Help';
import InfoIcon from '@material-ui/icons/Info';
import WarningIcon from '@material-ui/icons/Warning';
import type { HealthStatus } from '@mlobs/backstage-plugin-ml-observability-common';

/** How bad something is, as the label shows it. */
export type StatusKind = 'ok' | 'warning' | 'error' | 'unknown' | 'info';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  ok: { color: theme.palette.status?.ok ?? theme.palette.success.main },
  warning: {
    color: theme.palette.status?.warning ?? theme.palette.warning.main,
  },
  error: { color: theme.palette.status?.error ?? theme.palette.error.main },
  unknown: { color: theme.palette.text.secondary },
  info: { color: theme.palette.info.main },
}));

// A distinct shape per state: the icon must still say it when colour cannot.
const ICONS = {
  ok: CheckCircleIcon,
  warning: WarningIcon,
  error: ErrorIcon,
  unknown: HelpIcon,
  info: InfoIcon,
};

/**
 * A state as an icon and a word. Unlike core-components' Status* (which hide
 * themselves from assistive technology), the text here is read out.
 */
export function StatusLabel(props: {
  kind: StatusKind;
  children: ReactNode;
  variant?: 'body2' | 'h6' | 'inherit';
}) {
  const classes = useStyles();
  const Icon = ICONS[props.kind];
  return (
    <Typography
      component="span"
      variant={props.variant ?? 'body2'}
      className={classes.root}
    >
      <Icon
        className={classes[props.kind]}
        fontSize={props.variant === 'h6' ? 'default' : 'small'}
        aria-hidden
      />
      <span>{props.children}</span>
    </Typography>
  );
}

export const HEALTH_KIND: Record<HealthStatus, StatusKind> = {
  healthy: 'ok',
  warning: 'warning',
  critical: 'error',
  unknown: 'unknown',
};
