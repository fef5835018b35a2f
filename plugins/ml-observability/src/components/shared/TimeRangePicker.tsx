import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  TIME_RANGES,
  TimeRange,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { TIME_RANGE_TEXT } from './format';

/** 24 h / 7 d / 30 d; arrow keys and Tab move between the buttons. */
export function TimeRangePicker(props: {
  value: TimeRange;
  onChange: (range: TimeRange) => void;
}) {
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={props.value}
      aria-label="Time range"
      onChange={(_event, value: TimeRange | null) => {
        // Clicking the selected button again would unselect it; keep one selected.
        if (value) props.onChange(value);
      }}
    >
      {TIME_RANGES.map(range => (
        <ToggleButton
          key={range}
          value={range}
          aria-label={`Last ${TIME_RANGE_TEXT[range]}`}
        >
          {TIME_RANGE_TEXT[range]}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
