import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../electron/main/shell/externalLinks';

describe('external links allow list', () => {
  it.each([
    ['https://generation.hautsdefrance.fr/carte-generation-hdf/', true],
    ['https://cartegeneration.hautsdefrance.fr', true],
    ['http://generation.hautsdefrance.fr/', false],
    ['https://generation.hautsdefrance.fr.evil.example/', false],
    ['https://evil.example/?u=generation.hautsdefrance.fr', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => expect(isAllowedExternalUrl(url)).toBe(allowed));
});
