import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { processNewRequest } from '../antenna/requestFiling';
import { jsonAnswer, type HttpAnswer } from '../http/answer';
import { badRequest, problemAnswer } from '../http/problems';
import { readBody } from '../http/readBody';
import { readJson, type Route } from '../http/route';
import { isUuid } from '../idempotency/idempotencyGuard';
import { idempotencyKeyOf } from '../http/idempotencyKeyHeader';
import { isoSeconds } from '../time/isoSeconds';
import { notFound } from './requestRoutes';

const MAX_PHOTO_BYTES = 5_242_880;

function magicMatches(contentType: string, bytes: Buffer): boolean {
  if (contentType === 'image/jpeg')
    return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  return (
    bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  );
}

export const antennaRoutes: Route[] = [
  {
    id: 'createRequest',
    method: 'POST',
    pattern: /^\/requests$/,
    scope: 'requests:create',
    pausesItself: true,
    async handle({ ctx, req, client, pause }) {
      const header = idempotencyKeyOf(req);
      if ('answer' in header) return header.answer;
      const { key } = header;
      const body = await readJson(req);
      if (!body.ok) return body.answer;
      return processNewRequest(ctx, { client, key, body: body.value }, pause);
    },
  },
  {
    id: 'uploadPhoto',
    method: 'PUT',
    pattern: /^\/requests\/([^/]+)\/photo$/,
    scope: 'requests:create',
    async handle({ ctx, params, req, client }): Promise<HttpAnswer> {
      const id = params[0] ?? '';
      if (!isUuid(id)) {
        return badRequest('bad-request', 'Identifiant de demande invalide.', [
          { pointer: '#/path/requestId', code: 'INVALID_FORMAT' },
        ]);
      }
      const row = ctx.ledger.get(id);
      // Only requests filed by this antenna can get a photo from it.
      if (!row || row.status === 'WITHDRAWN' || row.antennaId === null || row.antennaId !== client.antennaId) {
        req.resume();
        return notFound();
      }
      const body = await readBody(req, MAX_PHOTO_BYTES);
      if (!body.ok) {
        return problemAnswer(413, 'payload-too-large', 'La photo dépasse 5 Mio (5 242 880 octets).', {
          maxBytes: MAX_PHOTO_BYTES,
        });
      }
      const contentType =
        String(req.headers['content-type'] ?? '')
          .split(';')[0]
          ?.trim()
          .toLowerCase() ?? '';
      if ((contentType !== 'image/jpeg' && contentType !== 'image/png') || !magicMatches(contentType, body.bytes)) {
        return problemAnswer(415, 'unsupported-media-type', 'Seuls les formats JPEG et PNG sont acceptés.', {
          accepted: ['image/jpeg', 'image/png'],
        });
      }
      const sha256 = createHash('sha256').update(body.bytes).digest('hex');
      const current = row.request.photo;
      // Same bytes again is a retry: answer the stored photo whatever the status became since.
      if (current && current.sha256 === sha256) {
        return jsonAnswer(200, { photo: current, requestVersion: row.request.version });
      }
      if (row.request.status !== 'SUBMITTED' && row.request.status !== 'PHOTO_REJECTED') {
        return problemAnswer(
          409,
          'request-not-editable',
          `La demande est au statut ${row.request.status} ; la photo ne peut plus être remplacée.`,
        );
      }
      let width: number;
      let height: number;
      try {
        const decoded = await sharp(body.bytes, { failOn: 'error' }).raw().toBuffer({ resolveWithObject: true });
        width = decoded.info.width;
        height = decoded.info.height;
      } catch {
        return problemAnswer(422, 'image-unreadable', 'Le fichier ne peut pas être décodé comme une image.');
      }
      const photo = {
        id: ctx.prng.uuid(),
        sha256,
        contentType: contentType as 'image/jpeg' | 'image/png',
        bytes: body.bytes.length,
        width,
        height,
        uploadedAt: isoSeconds(ctx.now()),
      };
      ctx.store.transaction(() => {
        ctx.store.putPhotoBlob(sha256, contentType, body.bytes);
        ctx.store.addPhoto(photo.id, id, sha256, contentType);
        ctx.ledger.replacePhoto(row, photo);
      });
      ctx.log(`[sim.antenna] request=${id} photo=${photo.id} v=${row.request.version}`);
      return jsonAnswer(200, { photo: row.request.photo, requestVersion: row.request.version });
    },
  },
];
