import { CompactionPage } from '../../features/compaction/components/compaction-page';

/** `/compaction`: its own chunk (with recharts), loaded when the page is opened. */
export function CompactionRoute() {
  return <CompactionPage />;
}
