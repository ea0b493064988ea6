import { describe, expect, it } from 'vitest';
import { parseAvfoundationList, parseDshowList } from './devices.ts';

describe('device lists', () => {
  it('parses DirectShow video devices (new and old ffmpeg formats)', () => {
    const modern = ['[dshow @ 0x1] "Integrated Camera" (video)', '[dshow @ 0x1]   Alternative name "@device_pnp_\\\\?\\usb"', '[dshow @ 0x1] "Microphone (Realtek)" (audio)'].join('\n');
    expect(parseDshowList(modern)).toEqual([{ device: 'Integrated Camera', name: 'Integrated Camera' }]);
    const legacy = ['[dshow @ 0x1] DirectShow video devices', '[dshow @ 0x1]  "USB2.0 HD UVC WebCam"', '[dshow @ 0x1] DirectShow audio devices', '[dshow @ 0x1]  "Mic"'].join('\n');
    expect(parseDshowList(legacy)).toEqual([{ device: 'USB2.0 HD UVC WebCam', name: 'USB2.0 HD UVC WebCam' }]);
  });

  it('parses AVFoundation video devices', () => {
    const text = ['[AVFoundation indev @ 0x1] AVFoundation video devices:', '[AVFoundation indev @ 0x1] [0] FaceTime HD Camera', '[AVFoundation indev @ 0x1] [1] Capture screen 0', '[AVFoundation indev @ 0x1] AVFoundation audio devices:', '[AVFoundation indev @ 0x1] [0] MacBook Pro Microphone'].join('\n');
    expect(parseAvfoundationList(text).map((device) => device.name)).toEqual(['FaceTime HD Camera', 'Capture screen 0']);
  });
});
