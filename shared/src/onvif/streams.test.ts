import { describe, expect, it } from 'vitest';
import { deviceServiceUrl, DeviceAddress, type OnvifProfile } from './index.ts';
import { pickStreams } from './streams.ts';

const profile = (token: string, codec: string, width: number, height: number, usable = true, fps = 15): OnvifProfile => ({
  token, name: token, codec, width, height, fps, usable, uri: `rtsp://cam/${token}`,
});

describe('pickStreams', () => {
  it('takes the H.264 profile with the most pixels as main and the one nearest 640 wide as substream', () => {
    const picked = pickStreams([profile('tiny', 'H264', 320, 180), profile('sub', 'H264', 704, 576), profile('main', 'H264', 2560, 1440), profile('mid', 'H264', 1280, 720)]);
    expect(picked.main?.token).toBe('main');
    expect(picked.sub?.token).toBe('sub');
  });

  it('never picks an unusable profile, and prefers H.264 over one Vigil must re-encode', () => {
    const picked = pickStreams([profile('hevc', 'H265', 3840, 2160, false), profile('jpeg', 'JPEG', 1920, 1080), profile('main', 'H264', 1280, 720)]);
    expect(picked).toEqual({ main: expect.objectContaining({ token: 'main' }) });
  });

  it('falls back to a re-encoded format when there is no H.264, and to nothing when nothing is usable', () => {
    expect(pickStreams([profile('jpeg', 'JPEG', 1280, 720)]).main?.token).toBe('jpeg');
    expect(pickStreams([profile('hevc', 'H265', 1920, 1080, false)])).toEqual({});
  });

  it('breaks a tie in size by frame rate, and offers no substream the same size as the main one', () => {
    const picked = pickStreams([profile('slow', 'H264', 1280, 720, true, 10), profile('fast', 'H264', 1280, 720, true, 25)]);
    expect(picked).toEqual({ main: expect.objectContaining({ token: 'fast' }) });
  });
});

describe('deviceServiceUrl', () => {
  it('completes a bare host or host:port with http and the standard device service path', () => {
    expect(deviceServiceUrl('192.168.1.30')).toBe('http://192.168.1.30/onvif/device_service');
    expect(deviceServiceUrl(' 192.168.1.30:8000 ')).toBe('http://192.168.1.30:8000/onvif/device_service');
    expect(deviceServiceUrl('[fd00::5]:80')).toBe('http://[fd00::5]/onvif/device_service');
  });

  it('keeps an explicit path and https', () => {
    expect(deviceServiceUrl('https://cam.local:8443/onvif/device_service')).toBe('https://cam.local:8443/onvif/device_service');
    expect(deviceServiceUrl('http://10.0.0.9/onvif/services')).toBe('http://10.0.0.9/onvif/services');
  });

  it('refuses what is not a device address', () => {
    for (const bad of ['', 'rtsp://192.168.1.30/stream', 'http://admin:pw@192.168.1.30/', 'two words', 'http://']) {
      expect(deviceServiceUrl(bad), bad).toBeUndefined();
      expect(DeviceAddress.safeParse(bad).success, bad).toBe(false);
    }
  });
});
