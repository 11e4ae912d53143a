import { startTransition, useId, useState } from 'react';

export interface FindFieldProps {
  /** The text as typed; called in a transition, so filtering never holds a keystroke back. */
  onTextChange: (text: string) => void;
  /** Enter: +1 (the next, older match); Shift+Enter: -1 (the newer one). */
  onStep: (direction: 1 | -1) => void;
}

/**
 * The event log's Find box. What is typed lives here, so a keystroke re-renders
 * only this field, at once, however busy the log below is with a storm of
 * events; the log hears of it in a transition that React may interrupt.
 */
export function FindField({ onTextChange, onStep }: FindFieldProps) {
  const id = useId();
  const hintId = useId();
  const [text, setText] = useState('');
  const change = (value: string) => {
    setText(value);
    startTransition(() => onTextChange(value));
  };
  return (
    <div className="field field--search">
      <label htmlFor={id}>Find</label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder="Text in any event"
        aria-describedby={hintId}
        onChange={(e) => change(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            onStep(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape' && text !== '') {
            e.preventDefault();
            change('');
          }
        }}
      />
      <span id={hintId} className="visually-hidden">
        Enter goes to the next match, Shift+Enter to the previous one, Escape clears.
      </span>
    </div>
  );
}
