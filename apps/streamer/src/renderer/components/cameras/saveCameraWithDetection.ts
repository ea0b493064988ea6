/**
 * Saves an edited camera with its object detection block: saveEditedCamera builds the PUT from
 * the editor's other fields, and this adds `detection` to that same PUT (absent: the camera keeps
 * none, i.e. detection stays off).
 */
import type { CameraConfigInput, CameraRecording } from '@vigil/shared/config';
import type { DetectionConfigInput } from '@vigil/shared/detection';
import type { CameraView } from '@vigil/shared/api';
import type { ApiClient } from '../../api/client.ts';
import type { CameraForm } from '../../logic/cameraForm.ts';
import { saveEditedCamera } from './saveEditedCamera.ts';

/** Same result as saveEditedCamera; detection issues from the engine arrive as the form's error. */
export function saveCameraWithDetection(api: ApiClient, form: CameraForm, camera: CameraView, recording: CameraRecording, detection: DetectionConfigInput | undefined) {
  const withDetection: ApiClient = {
    ...api,
    updateCamera: (id: string, config: CameraConfigInput) => api.updateCamera(id, { ...config, ...(detection ? { detection } : {}) }),
  };
  return saveEditedCamera(withDetection, form, camera, recording);
}
