/** The line icons of the streamer UI (inline SVG: no icon font, nothing external). */

const paths = {
  camera: 'M3 7h4l2-3h6l2 3h4v12H3zM12 16.5a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z',
  plus: 'M12 5v14M5 12h14',
  qr: 'M4 4h6v6H4zM14 4h6v6h-6zM4 14h6v6H4zM14 14h2v2h-2zM18 14h2v2h-2zM14 18h2v2h-2zM18 18h2v2h-2z',
  zones: 'M4 5l7-1 9 4-2 11-10 1-5-7z',
  film: 'M4 5h16v14H4zM8 5v14M16 5v14M4 9h4M4 15h4M16 9h4M16 15h4',
  bell: 'M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0',
  gauge: 'M4 17a8 8 0 1 1 16 0M12 17l4-6',
  usb: 'M12 3v14M9 6l3-3 3 3M8 11v2l4 3 4-3v-3M7 9h2v2H7zM15 8h2v2h-2zM12 17a2 2 0 1 0 0 4 2 2 0 0 0 0-4z',
  network: 'M12 4v5M5 20v-4h14v4M12 9a3 3 0 1 0 0 .01M4 12a11 11 0 0 1 16 0',
  pattern: 'M4 5h16v14H4zM7 5v14M10 5v14M13 5v14M16 5v14',
  copy: 'M8 8h11v11H8zM5 16V5h11',
  close: 'M6 6l12 12M18 6L6 18',
  edit: 'M4 20h4L19 9l-4-4L4 16zM14 6l4 4',
};
export type IconName = keyof typeof paths;

/** A 24×24 stroked icon. */
export function Icon({ name }: { name: IconName }) {
  return (
    <svg viewBox="0 0 24 24" className="icon" aria-hidden="true">
      <path d={paths[name]} />
    </svg>
  );
}
