import { UsagePage } from '../../features/usage/components/usage-page';

/** The Cost page; it reads live token moves through the shared session cache, so it needs nothing from other features. */
export function UsageRoute() {
  return <UsagePage />;
}
