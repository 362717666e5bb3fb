/** Time as the auth service sees it: injectable, so lock-out and idle tests never really wait. */
export interface AuthClock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: AuthClock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
