import { ComponentProps } from 'react';
import { InfoCard } from '@backstage/core-components';

/**
 * An InfoCard whose title is a level-2 heading, so screen-reader users can
 * jump from card to card (the sections inside are level 3).
 */
export function Card(props: ComponentProps<typeof InfoCard>) {
  return <InfoCard titleTypographyProps={{ component: 'h2' }} {...props} />;
}
