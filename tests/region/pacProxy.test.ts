import { describe, expect, it } from 'vitest';
import { parsePacProxy } from '../../electron/main/services/region/pacProxy';

describe('parsePacProxy (answers of session.resolveProxy)', () => {
  it.each([
    ['DIRECT', null],
    ['', null],
    ['   ', null],
    ['PROXY proxy.lycee.fr:3128', 'http://proxy.lycee.fr:3128'],
    ['PROXY proxy.lycee.fr:3128; DIRECT', 'http://proxy.lycee.fr:3128'],
    ['DIRECT; PROXY proxy.lycee.fr:3128', null],
    ['HTTPS secure.lycee.fr:8443', 'https://secure.lycee.fr:8443'],
    ['HTTPS secure.lycee.fr', 'https://secure.lycee.fr:443'],
    ['PROXY proxy.lycee.fr', 'http://proxy.lycee.fr:80'],
    ['HTTP proxy.lycee.fr:8080', 'http://proxy.lycee.fr:8080'],
    ['SOCKS5 socks.lycee.fr:1080; PROXY proxy.lycee.fr:3128', 'http://proxy.lycee.fr:3128'],
    ['SOCKS socks.lycee.fr:1080; SOCKS4 s4:1080', null],
    ['SOCKS5 socks.lycee.fr:1080; DIRECT', null],
    ['proxy Proxy.Lycee.FR:3128', 'http://proxy.lycee.fr:3128'],
    ['  PROXY   10.0.0.1:8080  ;  DIRECT ', 'http://10.0.0.1:8080'],
    ['PROXY [2001:db8::1]:3128', 'http://[2001:db8::1]:3128'],
    ['PROXY bad host:80; PROXY good:81', 'http://good:81'],
    ['PROXY host:99999; PROXY good:82', 'http://good:82'],
    ['PROXY host:0; DIRECT', null],
    ['QUIC q.example:443; PROXY p:3128', 'http://p:3128'],
    ['PROXY', null],
  ])('%j → %s', (answer, expected) => {
    expect(parsePacProxy(answer)).toBe(expected);
  });
});
