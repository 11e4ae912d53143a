import { render } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VirtualRows } from './virtual-rows';

// The long tables of the Cost page draw only the rows near the viewport. Opening
// one must cost one render and no layout forced inside the commit: the first
// render already holds the rows that fill the window, and the virtualiser does
// not write the page's scroll position back to where it already is.

const lines = Array.from({ length: 2_000 }, (_, i) => `session-${i}`);

function Table() {
  return (
    <table>
      <VirtualRows
        lines={lines}
        columns={1}
        renderRow={(line) => (
          <tr key={line}>
            <th scope="row">{line}</th>
          </tr>
        )}
      />
    </table>
  );
}

afterEach(() => vi.restoreAllMocks());

describe('VirtualRows over 2,000 lines', () => {
  it('draws the rows that fill the window in its first render, without a second one or a scroll write', () => {
    const scrollTo = vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
    const commits: string[] = [];
    const { container } = render(
      <Profiler id="table" onRender={(_id, phase) => commits.push(phase)}>
        <Table />
      </Profiler>,
    );
    const rows = container.querySelectorAll('th[scope="row"]');
    // jsdom's window is 768 px high: 21 rows of 37 px, and the overscan below them.
    expect(rows.length).toBeGreaterThanOrEqual(Math.ceil(window.innerHeight / 37));
    expect(rows.length).toBeLessThan(100);
    expect(rows[0]!.textContent).toBe('session-0');
    expect(commits).toEqual(['mount']);
    expect(scrollTo).not.toHaveBeenCalled();
  });
});
