/** Pairing administration for the control API: QR offers, paired viewers, rename, revoke. */
import QRCode from 'qrcode';
import { RenameViewer, type PairedViewerView, type PairingOfferView } from '@vigil/shared/api';
import { describeIssues } from '@vigil/shared/issues';
import { ApiFailure } from './api/errors.ts';
import type { PairingService } from './pairing/service.ts';
import { json, type RouteHandlers } from './api/route.ts';

/** Creates the pairing routes' implementation over the pairing service. */
export function createViewerAdmin(pairing: PairingService) {
  const find = (id: string) => pairing.viewers.list().find((v) => v.id === id);
  return {
    /** A new one-time pairing offer with its QR code. */
    async createOffer(): Promise<PairingOfferView> {
      const offer = pairing.offers.issue();
      const qrSvg = await QRCode.toString(offer.uri, { type: 'svg', errorCorrectionLevel: 'L', margin: 2 });
      return { uri: offer.uri, expiresAt: offer.expiresAt, qrSvg };
    },
    list: (): PairedViewerView[] => pairing.viewers.list(),
    /** Renames a paired viewer, or grants or withdraws its talk permission. */
    async rename(id: string, input: unknown): Promise<PairedViewerView> {
      const parsed = RenameViewer.safeParse(input);
      if (!parsed.success) throw new ApiFailure('bad-request', `invalid change: ${describeIssues(parsed.error)}`);
      const { name, talk } = parsed.data;
      if (!find(id)) throw new ApiFailure('not-found', `no paired viewer "${id}"`);
      if (name !== undefined) await pairing.viewers.rename(id, name);
      if (talk !== undefined) await pairing.viewers.setTalk(id, talk);
      return find(id)!;
    },
    /** Revokes a viewer; the engine ends its sessions through the registry's revoke listeners. */
    async revoke(id: string): Promise<void> {
      if (!(await pairing.viewers.revoke(id))) throw new ApiFailure('not-found', `no paired viewer "${id}"`);
    },
  };
}

/** The pairing and viewer routes. */
export function viewerRoutes(admin: ReturnType<typeof createViewerAdmin>): RouteHandlers<'createPairingOffer' | 'listViewers' | 'renameViewer' | 'revokeViewer'> {
  return {
    createPairingOffer: async () => json(await admin.createOffer()),
    listViewers: () => json(admin.list()),
    renameViewer: async ({ params, body }) => json(await admin.rename(params.id, await body())),
    revokeViewer: async ({ params }) => void (await admin.revoke(params.id)),
  };
}
