import { useId, useState, type FormEvent } from 'react';
import { describeError } from '../../../lib/api/api-error';
import { useSetSessionBudget } from '../../../lib/cost/budgets-api';
import type { Budget } from '../../../protocol/cost-schemas';
import { parseBudgetForm, usdFieldText } from '../utils/budget-form';

export interface BudgetFormProps {
  sessionId: string;
  /** The session's own override, if it has one (the fields start from it). */
  override: Budget | undefined;
  /** The global default, shown as the placeholder: what applies when a field is left empty. */
  global: Budget;
  onDone: () => void;
}

/** Warn / limit in USD for one session; "Clear" removes the override so the global default applies again. */
export function BudgetForm({ sessionId, override, global, onDone }: BudgetFormProps) {
  const [warn, setWarn] = useState(usdFieldText(override?.warn_usd));
  const [limit, setLimit] = useState(usdFieldText(override?.limit_usd));
  const [invalid, setInvalid] = useState<{ field: 'warn' | 'limit'; error: string } | null>(null);
  const save = useSetSessionBudget(sessionId);
  const id = useId();

  const submit = (budget: Budget) => save.mutate(budget, { onSuccess: onDone });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseBudgetForm(warn, limit);
    if (!parsed.ok) {
      setInvalid(parsed);
      return;
    }
    setInvalid(null);
    submit(parsed.budget);
  };
  const errorId = `${id}-error`;
  const describedBy = (field: 'warn' | 'limit') => (invalid?.field === field ? errorId : undefined);

  return (
    <form className="budget-form" onSubmit={onSubmit} aria-label="Session budget">
      <label htmlFor={`${id}-warn`}>Warn at (USD)</label>
      <input
        id={`${id}-warn`}
        inputMode="decimal"
        value={warn}
        onChange={(e) => setWarn(e.target.value)}
        placeholder={global.warn_usd === null ? 'none' : `${global.warn_usd} (global)`}
        aria-invalid={invalid?.field === 'warn' || undefined}
        aria-describedby={describedBy('warn')}
        // oxlint-disable-next-line jsx-a11y/no-autofocus -- the form opens on request: typing should start here
        autoFocus
      />
      <label htmlFor={`${id}-limit`}>Limit (USD)</label>
      <input
        id={`${id}-limit`}
        inputMode="decimal"
        value={limit}
        onChange={(e) => setLimit(e.target.value)}
        placeholder={global.limit_usd === null ? 'none' : `${global.limit_usd} (global)`}
        aria-invalid={invalid?.field === 'limit' || undefined}
        aria-describedby={describedBy('limit')}
      />
      <div className="budget-form__actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save budget'}
        </button>
        <button type="button" className="button button--quiet" disabled={save.isPending || !override} onClick={() => submit({ warn_usd: null, limit_usd: null })}>
          Clear
        </button>
        <button type="button" className="button button--quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
      {invalid && (
        <p id={errorId} className="inline-warning budget-form__error" role="alert">
          {invalid.error}
        </p>
      )}
      {save.isError && (
        <p className="inline-warning budget-form__error" role="alert">
          The budget could not be saved: {describeError(save.error)}
        </p>
      )}
    </form>
  );
}
