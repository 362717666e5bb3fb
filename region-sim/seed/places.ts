/** Towns of the five départements of Hauts-de-France, with their académie. */
export interface Town {
  departement: string; // 3-digit UAI prefix
  postalCode: string;
  city: string; // upper case, as the Region prints addresses
  academie: 'Lille' | 'Amiens';
}

export const TOWNS: readonly Town[] = [
  { departement: '059', postalCode: '59000', city: 'LILLE', academie: 'Lille' },
  { departement: '059', postalCode: '59100', city: 'ROUBAIX', academie: 'Lille' },
  { departement: '059', postalCode: '59200', city: 'TOURCOING', academie: 'Lille' },
  { departement: '059', postalCode: '59300', city: 'VALENCIENNES', academie: 'Lille' },
  { departement: '059', postalCode: '59140', city: 'DUNKERQUE', academie: 'Lille' },
  { departement: '059', postalCode: '59500', city: 'DOUAI', academie: 'Lille' },
  { departement: '059', postalCode: '59400', city: 'CAMBRAI', academie: 'Lille' },
  { departement: '059', postalCode: '59600', city: 'MAUBEUGE', academie: 'Lille' },
  { departement: '062', postalCode: '62000', city: 'ARRAS', academie: 'Lille' },
  { departement: '062', postalCode: '62300', city: 'LENS', academie: 'Lille' },
  { departement: '062', postalCode: '62100', city: 'CALAIS', academie: 'Lille' },
  { departement: '062', postalCode: '62200', city: 'BOULOGNE-SUR-MER', academie: 'Lille' },
  { departement: '062', postalCode: '62400', city: 'BÉTHUNE', academie: 'Lille' },
  { departement: '062', postalCode: '62500', city: 'SAINT-OMER', academie: 'Lille' },
  { departement: '080', postalCode: '80000', city: 'AMIENS', academie: 'Amiens' },
  { departement: '080', postalCode: '80100', city: 'ABBEVILLE', academie: 'Amiens' },
  { departement: '080', postalCode: '80200', city: 'PÉRONNE', academie: 'Amiens' },
  { departement: '060', postalCode: '60000', city: 'BEAUVAIS', academie: 'Amiens' },
  { departement: '060', postalCode: '60200', city: 'COMPIÈGNE', academie: 'Amiens' },
  { departement: '060', postalCode: '60100', city: 'CREIL', academie: 'Amiens' },
  { departement: '002', postalCode: '02100', city: 'SAINT-QUENTIN', academie: 'Amiens' },
  { departement: '002', postalCode: '02000', city: 'LAON', academie: 'Amiens' },
  { departement: '002', postalCode: '02200', city: 'SOISSONS', academie: 'Amiens' },
];
