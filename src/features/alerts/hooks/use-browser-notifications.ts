import { useCallback, useEffect, useRef, useState } from 'react';
import type { AlertRecord } from '../../../protocol/alert-schemas';
import { alertHref, alertKindLabels, newAlertsSince } from '../utils/alert-view';

// Browser notifications for new alerts: opt-in, asked for on a user's click
// (browsers refuse a permission prompt nobody asked for), remembered per browser.

const OPT_IN_KEY = 'tether.alerts.browserNotifications';

export type BrowserNotificationState = 'unsupported' | 'off' | 'on' | 'denied';

function initialState(): BrowserNotificationState {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  return Notification.permission === 'granted' && localStorage.getItem(OPT_IN_KEY) === 'on' ? 'on' : 'off';
}

/**
 * Shows one notification per alert that arrives after the page loaded (never
 * the backlog), while switched on. Clicking one focuses the tab and opens the
 * alert's page through `open`.
 */
export function useBrowserNotifications(records: readonly AlertRecord[] | undefined, open: (href: string) => void) {
  const [state, setState] = useState<BrowserNotificationState>(initialState);
  // The newest alert id already seen: everything up to it at first load counts as seen.
  const seenId = useRef<number | null>(null);

  useEffect(() => {
    if (records === undefined) return;
    const newest = records.reduce((max, a) => Math.max(max, a.id), 0);
    if (seenId.current === null) {
      seenId.current = newest;
      return;
    }
    const fresh = newAlertsSince(records, seenId.current);
    seenId.current = Math.max(seenId.current, newest);
    if (state !== 'on') return;
    for (const alert of fresh) {
      const notification = new Notification(`Tether Watch: ${alertKindLabels[alert.kind]}`, { body: alert.message, tag: `tether-alert-${alert.id}` });
      notification.onclick = () => {
        window.focus();
        open(alertHref(alert));
        notification.close();
      };
    }
  }, [records, state, open]);

  const enable = useCallback(async () => {
    if (typeof Notification === 'undefined') return;
    const permission = await Notification.requestPermission();
    if (permission === 'granted') {
      localStorage.setItem(OPT_IN_KEY, 'on');
      setState('on');
    } else {
      setState(permission === 'denied' ? 'denied' : 'off');
    }
  }, []);

  const disable = useCallback(() => {
    localStorage.removeItem(OPT_IN_KEY);
    setState('off');
  }, []);

  return { state, enable, disable };
}
