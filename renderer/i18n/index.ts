export { fr } from './fr';
export { formatDate, formatDateTime, formatNumber } from './format';
