/** A labelled form field with its hint and, when set, its error right below it. */
import type { ReactNode } from 'react';

export interface FieldProps {
  /** The field's name: ids and test ids derive from it. */
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}

/** Wraps one input; the input should use id={`field-${name}`}. */
export function Field({ name, label, hint, error, children }: FieldProps) {
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label className="field-label" htmlFor={`field-${name}`}>
        {label}
      </label>
      {children}
      {error ? (
        <div className="field-error" role="alert" data-testid={`error-${name}`}>
          {error}
        </div>
      ) : (
        hint && <div className="field-hint">{hint}</div>
      )}
    </div>
  );
}
