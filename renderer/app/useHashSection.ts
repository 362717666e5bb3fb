import { useSyncExternalStore } from 'react';
import { type Section, sectionFromHash } from './sections';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The section named in the address; navigation is plain `<a href="#/…">` links, so it works with the keyboard and history. */
export function useHashSection(): Section {
  return useSyncExternalStore(subscribe, () => sectionFromHash(window.location.hash));
}
