/** A screen whose engine part is still being built: what it will do, so nobody hunts for it. */
import type { Screen } from '../store/app.ts';
import { Icon, type IconName } from './common/Icons.tsx';

const PLANS: Record<'motion' | 'recordings' | 'alerts' | 'system', { icon: IconName; title: string; text: string; items: string[] }> = {
  motion: {
    icon: 'zones',
    title: 'Motion zones',
    text: 'Tell Vigil where motion matters for each camera.',
    items: ['Draw zones and privacy masks over a snapshot', 'Sensitivity and minimum size, tuned against the live motion overlay', 'See each motion event as it happens'],
  },
  recordings: {
    icon: 'film',
    title: 'Recordings',
    text: 'Choose what to keep and for how long, and watch it back.',
    items: ['Continuous or motion-only recording per camera', 'Retention by age and by disk quota, with a forecast', 'Timeline, playback, export and tamper check of any clip'],
  },
  alerts: {
    icon: 'bell',
    title: 'Alerts',
    text: 'Get an e-mail or a Telegram message with a snapshot when something moves.',
    items: ['Channels: e-mail (SMTP) and Telegram', 'Rules with cooldown and quiet hours', 'A test send, and alerts waiting to go out'],
  },
  system: {
    icon: 'gauge',
    title: 'System',
    text: 'How the streamer computer is doing.',
    items: ['CPU, memory and disk', 'Uptime, version and logs'],
  },
};

/** The placeholder of `screen`. */
export function ComingSoon({ screen }: { screen: Extract<Screen, keyof typeof PLANS> }) {
  const plan = PLANS[screen];
  return (
    <div className="page">
      <div className="empty soon-page" data-testid="coming-soon">
        <span className="soon-icon">
          <Icon name={plan.icon} />
        </span>
        <h1>{plan.title}</h1>
        <p>{plan.text}</p>
        <ul className="soon-list">
          {plan.items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
        <span className="pill">Coming in a next version</span>
      </div>
    </div>
  );
}
