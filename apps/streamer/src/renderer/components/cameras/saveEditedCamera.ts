/**
 * Saves an edited camera: the editor's source fields, recording, sound and object detection settings,
 * keeping what the editor does not show (motion zones). The wizard's saveCamera builds a config
 * from the form alone, which on a PUT would drop those blocks. Without a `detection` block the
 * camera keeps none (detection off).
 */
import type { CameraView } from '@vigil/shared/api';
import type { CameraRecording } from '@vigil/shared/recording';
import type { DetectionConfigInput } from '@vigil/shared/detection';
import type { CameraAudioInput } from '@vigil/shared/audio';
import { ApiRequestError, type ApiClient } from '../../api/client.ts';
import { errorsFromIssues, toConfig, validateForm, type CameraForm, type FieldErrors } from '../../logic/cameraForm.ts';
import { recordingErrorsFromIssues, type RecordingErrors } from '../../logic/recordingForm.ts';
import { useCameras } from '../../store/cameras.ts';

/** The saved camera, or the errors to show (source fields and recording fields apart). */
export async function saveEditedCamera(
  api: ApiClient,
  form: CameraForm,
  camera: CameraView,
  recording: CameraRecording,
  detection?: DetectionConfigInput,
  audio: CameraAudioInput | undefined = camera.config.audio,
): Promise<{ view: CameraView } | { errors: FieldErrors; recordingErrors: RecordingErrors }> {
  const errors = validateForm(form);
  if (Object.keys(errors).length > 0) return { errors, recordingErrors: {} };
  const id = camera.config.id;
  const { motion } = camera.config;
  try {
    const view = await api.updateCamera(id, { ...toConfig(form, id), recording, ...(motion ? { motion } : {}), ...(detection ? { detection } : {}), ...(audio ? { audio } : {}) });
    useCameras.getState().upsert(view);
    return { view };
  } catch (error) {
    if (!(error instanceof ApiRequestError)) return { errors: { form: (error as Error).message }, recordingErrors: {} };
    if (error.issues?.some((issue) => issue.startsWith('recording.'))) return { errors: {}, recordingErrors: recordingErrorsFromIssues(error.issues, error.message) };
    return { errors: errorsFromIssues(error.issues, error.message), recordingErrors: {} };
  }
}
