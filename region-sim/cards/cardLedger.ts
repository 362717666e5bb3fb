import { type Card, type Training } from '../../shared/region-api/schemas';
import { type SimStore } from '../store/simStore';
import { isoSeconds } from '../time/isoSeconds';

/** Card changes: each one is logged on the roster it leaves and the roster it joins. */
export class CardLedger {
  constructor(
    private readonly store: SimStore,
    private readonly now: () => Date,
  ) {}

  revalidate(card: Card, uai: string, schoolYear: string, training: Training | undefined): Card {
    const previousUai = card.establishmentUai;
    const updated: Card = {
      ...card,
      version: card.version + 1,
      establishmentUai: uai,
      lastRevalidatedSchoolYear: schoolYear,
      walletActive: card.status === 'ACTIVE',
      ...(training ? { training } : {}),
      updatedAt: isoSeconds(this.now()),
    };
    this.store.updateCard(updated);
    if (previousUai && previousUai !== uai) {
      this.store.appendChange('cards', previousUai, updated.cardNumber, updated.version, updated);
    }
    this.store.appendChange('cards', uai, updated.cardNumber, updated.version, updated);
    return updated;
  }
}
