import { createTheme } from '@mantine/core';

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
