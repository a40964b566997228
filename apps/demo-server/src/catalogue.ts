/**
 * The merchant's catalogue: what it sells and to whom. Its ids are the sandbox's fixture ids
 * and terms (invoices 101–110, orders 201–205), so the same catalogue works against an external
 * sandbox; the embedded sandbox is seeded with exactly these sources.
 */
export type SourceType = 'INVOICE' | 'ORDER';
export type FeeBearer = 'PAYER' | 'PAYEE';

export interface CatalogueItem {
  id: number;
  source_type: SourceType;
  number: string;
  customer: string;
  description: string;
  currency: string;
  amount: number;
  fee_bearer: FeeBearer;
}

/** A catalogue entry of one kind, numbered like the sandbox's fixtures (INV-0101, ORD-0201). */
const item =
  (source_type: SourceType, prefix: string) =>
  (
    id: number,
    customer: string,
    description: string,
    amount: number,
    fee_bearer: FeeBearer = 'PAYER',
  ): CatalogueItem => ({
    id,
    source_type,
    number: `${prefix}-${String(id).padStart(4, '0')}`,
    customer,
    description,
    currency: 'USD',
    amount,
    fee_bearer,
  });

const invoice = item('INVOICE', 'INV');
const order = item('ORDER', 'ORD');

export const CATALOGUE: readonly CatalogueItem[] = [
  invoice(101, 'Ama Mensah', 'Website design, first milestone', 100),
  invoice(102, 'Kofi Boateng', 'Annual hosting plan', 250, 'PAYEE'),
  invoice(103, 'Fatou Diallo', 'Logo and brand guide', 75.5),
  invoice(104, 'Chidi Okeke', 'Office network installation', 1200, 'PAYEE'),
  invoice(105, 'Amina Yusuf', 'Translation, two pages', 19.99),
  invoice(106, 'Kwame Asante', 'Bookkeeping, October', 500),
  invoice(107, 'Ngozi Adeyemi', 'Catering tasting menu', 42, 'PAYEE'),
  invoice(108, 'Moses Kamara', 'Solar panels, 3 kW kit', 3000),
  invoice(109, 'Grace Mwangi', 'Workshop seat', 8.75, 'PAYEE'),
  invoice(110, 'Joseph Tarr', 'Generator overhaul', 640),
  order(201, 'Esi Owusu', 'Shea butter, 6 jars', 35),
  order(202, 'Samuel Doe', 'Football boots', 120, 'PAYEE'),
  order(203, 'Mariam Sesay', 'Wax print fabric, 3 yards', 15.5),
  order(204, 'Tunde Bakare', 'Laptop, refurbished', 999.99),
  order(205, 'Aisha Kanu', 'Coffee beans, 4 kg', 60, 'PAYEE'),
];
