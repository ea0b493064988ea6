/** The screens, in the order a person sets things up; screens still being built say "soon". */
import { useApp, type Screen } from '../store/app.ts';

const TABS: { screen: Screen; label: string; soon?: boolean }[] = [
  { screen: 'cameras', label: 'Cameras' },
  { screen: 'motion', label: 'Motion zones' },
  { screen: 'recordings', label: 'Recordings' },
  { screen: 'alerts', label: 'Alerts' },
  { screen: 'pairing', label: 'Viewers' },
  { screen: 'remote', label: 'Remote access' },
  { screen: 'system', label: 'System' },
];

/** The tab bar. */
export function Nav() {
  const screen = useApp((s) => s.screen);
  const setScreen = useApp((s) => s.setScreen);
  const current = screen === 'add' ? 'cameras' : screen;
  return (
    <nav className="tabs" aria-label="Screens">
      {TABS.map((t) => (
        <button
          key={t.screen}
          className={`tab${current === t.screen ? ' active' : ''}${t.soon ? ' soon' : ''}`}
          aria-current={current === t.screen ? 'page' : undefined}
          data-testid={`nav-${t.screen}`}
          onClick={() => setScreen(t.screen)}
        >
          {t.label}
          {t.soon && <span className="soon-chip">soon</span>}
        </button>
      ))}
    </nav>
  );
}
