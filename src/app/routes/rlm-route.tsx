import { RlmPage } from '../../features/rlm/components/rlm-page';

/** `/rlm`: its own chunk (with recharts), loaded when the page is opened. */
export function RlmRoute() {
  return <RlmPage />;
}
