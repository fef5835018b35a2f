import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpIcon from '@material-ui/icons/Help';
import InfoIcon from '@material-ui/icons/Info';
import WarningIcon from '@material-ui/icons/Warning';
import type { StatusKind } from './StatusLabel';

const ICONS = {
  ok: CheckCircleIcon,
  warning: WarningIcon,
  error: ErrorIcon,
  unknown: HelpIcon,
  info: InfoIcon,
};

const useStyles = makeStyles(theme => ({
  ok: {
    '& svg': { color: theme.palette.status?.ok ?? theme.palette.success.main },
  },
  warning: {
    '& svg': {
      color: theme.palette.status?.warning ?? theme.palette.warning.main,
    },
  },
  error: {
    borderColor: theme.palette.status?.error ?? theme.palette.error.main,
    '& svg': {
      color: theme.palette.status?.error ?? theme.palette.error.main,
    },
  },
  unknown: { '& svg': { color: theme.palette.text.secondary } },
  info: { '& svg': { color: theme.palette.info.main } },
}));

/** A compact state for table cells: icon shape and text, never colour alone. */
export function StatusChip(props: { kind: StatusKind; label: string }) {
  const classes = useStyles();
  const Icon = ICONS[props.kind];
  return (
    <Chip
      size="small"
      variant="outlined"
      className={classes[props.kind]}
      icon={<Icon aria-hidden />}
      label={props.label}
    />
  );
}
