import type { ReactNode } from 'react';

/** The end of a wizard step: the step's form-level error, Back, and the step's primary button. */
export function WizardFooter({ error, onBack, children }: { error?: string; onBack: () => void; children: ReactNode }) {
  return (
    <>
      {error && (
        <div className="notice error small" role="alert" data-testid="error-form">
          {error}
        </div>
      )}
      <div className="wizard-actions">
        <button type="button" className="btn" onClick={onBack}>
          Back
        </button>
        <div className="spacer" />
        {children}
      </div>
    </>
  );
}
