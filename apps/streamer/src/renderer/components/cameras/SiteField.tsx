/** The camera's site ("Home", "Shop") with the sites other cameras use as suggestions, so one site keeps one spelling. */
import { SITE_MAX_LENGTH } from '@vigil/shared/config';
import { knownSites } from '../../logic/cameraForm.ts';
import { useCameras } from '../../store/cameras.ts';
import { Field } from '../common/Field.tsx';

/** The site input of the add and edit forms. */
export function SiteField({ value, error, onChange }: { value: string; error?: string; onChange(site: string): void }) {
  const sites = useCameras((s) => s.cameras);
  const suggestions = knownSites(sites.map((c) => c.config));
  return (
    <Field name="site" label="Site (optional)" error={error} hint="Cameras of one site are listed together, and a viewer can show them all at once, e.g. “Home” or “Shop”.">
      <input
        id="field-site"
        className="input"
        value={value}
        maxLength={SITE_MAX_LENGTH + 20}
        list="site-suggestions"
        autoComplete="off"
        placeholder={suggestions.length > 0 ? `e.g. ${suggestions[0]}` : 'e.g. Home'}
        onChange={(e) => onChange(e.target.value)}
      />
      <datalist id="site-suggestions" data-testid="site-suggestions">
        {suggestions.map((site) => (
          <option key={site} value={site} />
        ))}
      </datalist>
    </Field>
  );
}
