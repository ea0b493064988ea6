/** Posts (new) or puts (existing) the camera a form describes; errors come back per field. */
import type { CameraView } from '@vigil/shared/api';
import { ApiRequestError, type ApiClient } from '../../api/client.ts';
import { errorsFromIssues, slugify, toConfig, validateForm, type CameraForm, type FieldErrors } from '../../logic/cameraForm.ts';
import { useCameras } from '../../store/cameras.ts';

/** The saved camera, or the errors to show in the form (nothing is sent when the form is invalid). */
export async function saveCamera(api: ApiClient, form: CameraForm, existingId: string | undefined): Promise<{ view: CameraView } | { errors: FieldErrors }> {
  const errors = validateForm(form);
  if (Object.keys(errors).length > 0) return { errors };
  const taken = useCameras.getState().cameras.map((c) => c.config.id);
  const id = existingId ?? slugify(form.name, taken);
  try {
    const view = existingId ? await api.updateCamera(id, toConfig(form, id)) : await api.addCamera(toConfig(form, id));
    useCameras.getState().upsert(view);
    return { view };
  } catch (error) {
    if (error instanceof ApiRequestError) return { errors: errorsFromIssues(error.issues, error.message) };
    return { errors: { form: (error as Error).message } };
  }
}
