/** A column heading; numeric ones are right-aligned like their cells. */
export type ColumnHead = string | { label: string; numeric: true };

/** A right-aligned column heading, for figures. */
export const numeric = (label: string): ColumnHead => ({ label, numeric: true });

/** A table's `<thead>`: one row of column headings. Falsy entries are left out, for optional columns. */
export function TableHead({ columns }: { columns: readonly (ColumnHead | false | undefined)[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => {
          if (!column) return null;
          const label = typeof column === 'string' ? column : column.label;
          return (
            <th key={label} scope="col" className={typeof column === 'string' ? undefined : 'numeric'}>
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
