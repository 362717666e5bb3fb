import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/**
 * Darker shades than Mantine's defaults so white text on filled controls and dimmed text keep a
 * contrast ratio of at least 4.5:1 (RGAA criterion 3.2).
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  focusRing: 'auto',
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
});

/** Demo-mode warning colour: Mantine's orange.9 gives white text only 4.3:1, this one 5.6:1. */
export const DEMO_BADGE_COLOR = '#b03a08';

/**
 * Mantine's dimmed grey (descriptions, hints) is 3.3:1 on white and its error red 3.3:1: use darker
 * shades (8.2:1 and 5.5:1), and a dark text colour for light warning alerts.
 */
export const cssVariablesResolver: CSSVariablesResolver = (resolved) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': resolved.colors.gray[7] ?? '#495057',
    '--mantine-color-error': resolved.colors.red[9] ?? '#c92a2a',
    // Warning alerts (light yellow): Mantine's text there is yellow.9, 2.7:1 on the light yellow
    // background; this brown is 7.9:1.
    '--mantine-color-yellow-light-color': '#6e4a00',
  },
  dark: {},
});
