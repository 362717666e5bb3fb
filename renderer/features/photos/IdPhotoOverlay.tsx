/**
 * The ID-photo template drawn over the photo (35 × 45 frame, crown and chin zones such that the face
 * measures 70–80 % of the height, eye line, centre line), in the photo's own coordinates so it
 * follows zoom and pan. Decorative for assistive technologies: the checklist says the same in words.
 */
export const TEMPLATE = {
  /** Crown (top of the skull) between these heights, percent from the top. */
  crown: [7, 12] as const,
  /** Chin between these heights: chin − crown spans 70 % (82 − 12) to 80 % (87 − 7). */
  chin: [82, 87] as const,
  /** Eye line, percent from the top (ISO/IEC 19794-5 puts the eyes around 40–50 %). */
  eyes: 44,
};

export function IdPhotoOverlay() {
  const band = (from: number, to: number, key: string) => (
    <rect
      key={key}
      x="0"
      y={from}
      width="100"
      height={to - from}
      fill="rgba(28, 93, 153, 0.22)"
      stroke="#1c5d99"
      strokeWidth="0.3"
    />
  );
  return (
    <svg
      className="ph-overlay"
      viewBox="0 0 100 100"
      preserveAspectRatio="none"
      aria-hidden="true"
      data-testid="photo-overlay"
    >
      <rect x="0.4" y="0.4" width="99.2" height="99.2" fill="none" stroke="#d6336c" strokeWidth="0.8" />
      {band(TEMPLATE.crown[0], TEMPLATE.crown[1], 'crown')}
      {band(TEMPLATE.chin[0], TEMPLATE.chin[1], 'chin')}
      <line
        x1="0"
        x2="100"
        y1={TEMPLATE.eyes}
        y2={TEMPLATE.eyes}
        stroke="#e8590c"
        strokeWidth="0.4"
        strokeDasharray="2 1"
      />
      <line x1="50" x2="50" y1="0" y2="100" stroke="#e8590c" strokeWidth="0.4" strokeDasharray="2 1" />
    </svg>
  );
}
