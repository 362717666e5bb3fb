/** Kept for existing imports: the allow list lives with the other shell decisions (shellPolicy.ts). */
export { isAllowedExternalUrl } from './shellPolicy';
