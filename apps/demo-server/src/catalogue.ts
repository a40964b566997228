/**
 * The merchant's catalogue: what it sells and to whom. The sources (ids, numbers, amounts,
 * currencies, fee bearers) are the sandbox's fixtures from @dollr/mock, so the same catalogue
 * works against the embedded sandbox and an external one; the customers and descriptions are
 * the demo's own.
 */
import { FIXTURES } from '@dollr/mock';
import type { CheckoutSourceType, FeeBearer } from '@dollr/spec/vocabulary';

export interface CatalogueItem {
  id: number;
  source_type: CheckoutSourceType;
  number: string;
  customer: string;
  description: string;
  currency: string;
  amount: number;
  fee_bearer: FeeBearer;
}

/** Who buys what, by source id. */
const LABELS: ReadonlyMap<number, { customer: string; description: string }> = new Map([
  [101, { customer: 'Ama Mensah', description: 'Website design, first milestone' }],
  [102, { customer: 'Kofi Boateng', description: 'Annual hosting plan' }],
  [103, { customer: 'Fatou Diallo', description: 'Logo and brand guide' }],
  [104, { customer: 'Chidi Okeke', description: 'Office network installation' }],
  [105, { customer: 'Amina Yusuf', description: 'Translation, two pages' }],
  [106, { customer: 'Kwame Asante', description: 'Bookkeeping, October' }],
  [107, { customer: 'Ngozi Adeyemi', description: 'Catering tasting menu' }],
  [108, { customer: 'Moses Kamara', description: 'Solar panels, 3 kW kit' }],
  [109, { customer: 'Grace Mwangi', description: 'Workshop seat' }],
  [110, { customer: 'Joseph Tarr', description: 'Generator overhaul' }],
  [201, { customer: 'Esi Owusu', description: 'Shea butter, 6 jars' }],
  [202, { customer: 'Samuel Doe', description: 'Football boots' }],
  [203, { customer: 'Mariam Sesay', description: 'Wax print fabric, 3 yards' }],
  [204, { customer: 'Tunde Bakare', description: 'Laptop, refurbished' }],
  [205, { customer: 'Aisha Kanu', description: 'Coffee beans, 4 kg' }],
]);

/** The payable (ACTIVE) fixture sources that have a label, with their labels. */
export const CATALOGUE: readonly CatalogueItem[] = FIXTURES.sources.flatMap((source) => {
  const label = LABELS.get(source.source_id);
  if (!label || source.status !== 'ACTIVE') return [];
  return [
    {
      id: source.source_id,
      source_type: source.source_type,
      number: source.source_number,
      ...label,
      currency: source.currency,
      amount: source.total_amount,
      fee_bearer: source.fee_bearer,
    },
  ];
});
