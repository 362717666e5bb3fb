import { type SCOPES } from '../../shared/region-api/schemas';

export type Scope = (typeof SCOPES)[number];

export type ClientKind = 'ESTABLISHMENT' | 'ANTENNA';

export interface SimClient {
  clientId: string;
  clientSecret: string;
  kind: ClientKind;
  uais: string[];
  antennaId: string | null;
}

export const SCOPES_BY_KIND: Record<ClientKind, readonly Scope[]> = {
  ESTABLISHMENT: ['reference:read', 'requests:read', 'requests:prevalidate', 'cards:read', 'cards:revalidate'],
  ANTENNA: ['reference:read', 'requests:read', 'requests:create', 'cards:read'],
};

export const DEMO_ANTENNA = { antennaId: 'ANT-080-01', name: "Antenne régionale d'Amiens", city: 'AMIENS' } as const;

export class ClientRegistry {
  private readonly byId = new Map<string, SimClient>();

  add(client: SimClient): void {
    this.byId.set(client.clientId, client);
  }

  get(clientId: string): SimClient | undefined {
    return this.byId.get(clientId);
  }

  all(): SimClient[] {
    return [...this.byId.values()];
  }
}
