/** A destructive action that asks once more, inline, before it runs. */
import { useState } from 'react';

export interface ConfirmButtonProps {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm(): void | Promise<void>;
  testId: string;
}

/** "Remove…" → "Remove this camera? [Remove] [Cancel]". */
export function ConfirmButton({ label, question, confirmLabel, onConfirm, testId }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <button className="btn small" data-testid={testId} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      {question}
      <button
        className="btn small danger"
        data-testid={`${testId}-confirm`}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {confirmLabel}
      </button>
      <button className="btn small" onClick={() => setAsking(false)} autoFocus>
        Cancel
      </button>
    </span>
  );
}
