/** French wording of one check result: its label, the measured value and why it concluded so. */
import { type PhotoCheckResult } from '../../../shared/schemas/photoChecks';
import { fr } from '../../i18n/fr';
import { formatNumber } from '../../i18n/format';

const t = fr.photoChecks;

export function checkLabel(check: PhotoCheckResult): string {
  return t.check[check.id];
}

export function checkValue(check: PhotoCheckResult, size?: { width: number | null; height: number | null }): string {
  if (check.id === 'dimensions' && size?.width && size.height) {
    return t.value.px(`${formatNumber(size.width)} × ${formatNumber(size.height)}`);
  }
  if (check.value === null || check.unit === null) return '';
  if (check.id === 'backgroundUniformity') return `écart de luminosité ${formatNumber(check.value)}`;
  if (check.id === 'exposure') return `${formatNumber(check.value)} % de pixels saturés`;
  if (check.unit === 'bytes') return t.value.bytes(formatNumber(check.value));
  return t.value[check.unit](formatNumber(check.value));
}

export function checkDetail(check: PhotoCheckResult): string {
  // A few details read better with the check they belong to.
  if (check.detail === 'tooLarge' && check.id === 'pixelCount') return `${t.fileTooLarge} (plus de 40 Mpx)`;
  if (check.detail === 'tooLarge' && check.id === 'fileSize') return 'fichier de plus de 5 Mio';
  if (check.detail === 'tooLarge' && check.id === 'faceHeight') return 'visage trop grand';
  if (check.detail === 'tooSmall' && check.id === 'faceHeight') return 'visage trop petit';
  if (check.detail === 'tooSmall' && check.id === 'dimensions') return 'photo trop petite';
  if (check.id === 'sharpness' && check.verdict !== 'pass') return 'photo floue';
  return t.detail[check.detail];
}
