import { screen, within } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionEvents } from '../../server/test-support/event-factory';
import { recordRequests } from '../test-support/page-origin';
import { sendEvents, sharedRealServer } from '../test-support/real-server';
import { renderApp } from '../test-support/render-app';
import { SessionFilter, SessionPicker } from './session-filter';

// The session picker against the real server's search (`GET /sessions?q=`):
// typing asks the server once the typing settles, not per keystroke; arrows,
// Enter, Escape and clicks pick as the combobox pattern has it; a pasted id is
// taken as it is. Nothing here changes the server: one for the file, its
// sessions named with this run's random tag so searches find only them.

const run = Math.random().toString(36).slice(2, 8);
// Ids differ in their first 8 characters (what a short id shows), except the twins.
const login = { id: `lgn${run}-session`, title: `Fix login ${run}` };
const logout = { id: `lgo${run}-session`, title: `Fix logout ${run}` };
const docs = { id: `doc${run}-session`, title: `Write docs ${run}` };
const twins = [`twin${run}-1`, `twin${run}-2`];
const server = sharedRealServer({ beforeAll, afterAll, beforeEach });

beforeAll(async () => {
  for (const { id, title } of [login, logout, docs]) {
    const e = sessionEvents(id);
    await sendEvents(server().url, [e('session_sync', { session: { id, title, agent: 'build', metadata: {} } }), e('done')]);
  }
  for (const id of twins) await sendEvents(server().url, [sessionEvents(id)('done')]);
});

const label = (s: { id: string; title: string }) => `${s.title} · ${s.id.slice(0, 8)}`;
const optionLabels = () => within(screen.getByRole('listbox')).queryAllByRole('option').map((option) => option.textContent);
/** The `q` of each search the page sent. */
const searchesSent = (requests: URL[]) => requests.filter((url) => url.pathname === '/api/v1/sessions').map((url) => url.searchParams.get('q'));

function renderPicker() {
  const onPick = vi.fn<(sessionId: string) => void>();
  const view = renderApp(<SessionPicker onPick={onPick} />);
  return { ...view, onPick, box: screen.getByRole('combobox', { name: 'Session' }) };
}

describe('SessionPicker', () => {
  it('asks the server once the typing settles, not per keystroke, and offers what matches', async () => {
    const requests = recordRequests();
    const { user, box } = renderPicker();
    const typed = `no such title ${run}`;

    await user.type(box, `Fix lo`);
    expect(box).toHaveProperty('value', 'Fix lo');
    // Until the answer comes, the previous choices (everything, for the empty text) stay shown.
    await expect.poll(() => optionLabels().sort()).toEqual([label(login), label(logout)].sort());

    await user.clear(box);
    await user.type(box, typed);
    await expect.poll(() => searchesSent(requests)).toContain(typed);
    // Every keystroke a search would be ~20 requests; settled text (empty, "Fix lo", this) a few.
    const halfTyped = searchesSent(requests).filter((q) => q !== null && q !== 'Fix lo' && q !== typed);
    expect(halfTyped.length).toBeLessThan(3);
    await expect.poll(() => screen.getByRole('listbox').textContent).toContain('No session matches');
  });

  it('moves through the choices with the arrows (wrapping) and picks with Enter', async () => {
    const { user, box, onPick } = renderPicker();
    await user.type(box, `Fix lo`);
    await expect.poll(() => optionLabels().sort()).toEqual([label(login), label(logout)].sort());
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options).toHaveLength(2);

    await user.keyboard('{ArrowDown}');
    expect(options[0]!.getAttribute('aria-selected')).toBe('true');
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0]!.id);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0]!.id);
    await user.keyboard('{ArrowUp}');
    expect(box.getAttribute('aria-activedescendant')).toBe(options[1]!.id);

    const chosen = options[1]!.getAttribute('title');
    await user.keyboard('{Enter}');
    expect(onPick).toHaveBeenCalledExactlyOnceWith(chosen);
    expect(box).toHaveProperty('value', '');
    expect(box.getAttribute('aria-expanded')).toBe('false');
  });

  it('closes the list on Escape without picking, and picks on a click', async () => {
    const { user, box, onPick } = renderPicker();
    await user.type(box, docs.title);
    await expect.poll(optionLabels).toEqual([label(docs)]);

    await user.keyboard('{Escape}');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(box).toHaveProperty('value', docs.title);

    await user.keyboard('{ArrowDown}');
    await user.click(within(screen.getByRole('listbox')).getByRole('option', { name: label(docs) }));
    expect(onPick).toHaveBeenCalledExactlyOnceWith(docs.id);
  });

  it('takes a pasted id as it is on Enter, but never text that cannot be an id', async () => {
    const { user, box, onPick } = renderPicker();
    await user.click(box);
    await user.paste('not an id, spaces');
    await user.keyboard('{Enter}');
    expect(onPick).not.toHaveBeenCalled();

    await user.clear(box);
    await user.paste('agent-run:2026-12-03.7');
    await user.keyboard('{Enter}');
    expect(onPick).toHaveBeenCalledExactlyOnceWith('agent-run:2026-12-03.7');
  });

  it('lengthens short ids until the shown ones can be told apart', async () => {
    const { user, box } = renderPicker();
    await user.type(box, `twin${run}`);
    // The twins share everything but their last character: each is shown whole.
    await expect.poll(() => optionLabels().sort()).toEqual([...twins].sort());
  });
});

describe('SessionFilter', () => {
  it('names the chosen session by its title from the server, and "All sessions" clears it', async () => {
    const onChange = vi.fn<(session: string) => void>();
    const { user } = renderApp(<SessionFilter session={login.id} onChange={onChange} />);
    const filter = screen.getByRole('search', { name: 'Session filter' });
    await expect.poll(() => filter.querySelector('.chip')?.textContent).toBe(label(login));

    await user.click(within(filter).getByRole('button', { name: 'All sessions' }));
    expect(onChange).toHaveBeenCalledExactlyOnceWith('');
  });

  it('offers no "All sessions" while no session is chosen', () => {
    renderApp(<SessionFilter session="" onChange={() => undefined} />);
    expect(screen.queryByRole('button', { name: 'All sessions' })).toBeNull();
  });
});
