/** The cameras, microphones and speakers the engine finds (GET /api/devices), loaded when `wanted`. */
import { useEffect, useState } from 'react';
import type { UsbDevice } from '@vigil/shared/api';
import { useApp } from '../../store/app.ts';

/** undefined while loading; [] when none (or the list failed). */
export function useDevices(wanted: boolean): UsbDevice[] | undefined {
  const api = useApp((s) => s.api);
  const [devices, setDevices] = useState<UsbDevice[]>();
  useEffect(() => {
    if (!api || !wanted) return;
    let current = true;
    api.listDevices().then(
      (list) => current && setDevices(list),
      () => current && setDevices([]),
    );
    return () => {
      current = false;
    };
  }, [api, wanted]);
  return devices;
}
