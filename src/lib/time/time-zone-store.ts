import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { setDefaultTimeZone } from '../format/format';
import { isZoneChoice, resolveTimeZone, type ZoneChoice } from './time-zone';

// The one zone choice for the whole app, kept in localStorage. Every date
// formatter reads it as its default (setDefaultTimeZone), so no caller has to
// thread a zone through; components that show a zone name read the hook.

interface TimeZoneState {
  choice: ZoneChoice;
  setChoice: (choice: ZoneChoice) => void;
}

export const useTimeZoneStore = create<TimeZoneState>()(
  persist(
    (set) => ({
      choice: 'local',
      setChoice: (choice) => set({ choice }),
    }),
    {
      name: 'tether-watch:time-zone',
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ choice: state.choice }),
      // A hand-edited or old value never leaves the app without a zone.
      merge: (persisted, current) => {
        const choice = (persisted as { choice?: unknown } | undefined)?.choice;
        return { ...current, choice: isZoneChoice(choice) ? choice : current.choice };
      },
    },
  ),
);

function follow(choice: ZoneChoice): void {
  setDefaultTimeZone(resolveTimeZone(choice));
}
follow(useTimeZoneStore.getState().choice);
useTimeZoneStore.subscribe((state) => follow(state.choice));

/** The IANA zone times are shown in (`UTC` or the browser's). */
export function useDisplayTimeZone(): string {
  return resolveTimeZone(useTimeZoneStore((state) => state.choice));
}
