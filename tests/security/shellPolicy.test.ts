import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl, isAllowedNavigation, isPermissionAllowed } from '../../electron/main/shell/shellPolicy';

describe('permission requests', () => {
  it('grant the camera (video only) for the photo capture and nothing else', () => {
    expect(isPermissionAllowed('media', { mediaTypes: ['video'] })).toBe(true);
    expect(isPermissionAllowed('media', { mediaTypes: ['audio'] })).toBe(false);
    expect(isPermissionAllowed('media', { mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(isPermissionAllowed('media', {})).toBe(false);
    for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'midi', 'openExternal', 'fullscreen']) {
      expect(isPermissionAllowed(permission, { mediaTypes: ['video'] })).toBe(false);
    }
  });
});

describe('external links', () => {
  it.each([
    ['https://www.hautsdefrance.fr/', true],
    ['https://hautsdefrance.fr/aides', true],
    ['https://generation.hautsdefrance.fr/carte', true],
    ['http://generation.hautsdefrance.fr/', false],
    ['https://generation.hautsdefrance.fr:8443/', false],
    ['https://user:pw@generation.hautsdefrance.fr/', false],
    ['https://evil.hautsdefrance.fr.example/', false],
    ['https://evilhautsdefrance.fr/', false],
    ['file:///C:/Windows/System32/calc.exe', false],
    ['javascript:alert(1)', false],
    ['', false],
  ])('%s → %s', (url, allowed) => expect(isAllowedExternalUrl(url)).toBe(allowed));
});

describe('navigation', () => {
  const home = 'file:///opt/app/out/renderer/index.html';
  it('stays inside the renderer document (hash routes only)', () => {
    expect(isAllowedNavigation(`${home}#/workspace`, home)).toBe(true);
    expect(isAllowedNavigation('file:///etc/passwd', home)).toBe(false);
    expect(isAllowedNavigation('https://generation.hautsdefrance.fr/', home)).toBe(false);
    expect(isAllowedNavigation(`${home}?x=1`, home)).toBe(false);
    expect(isAllowedNavigation('http://localhost:5173/', 'http://localhost:5173/')).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });
});
