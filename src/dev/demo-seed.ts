// First run of the demo: an empty registry gets the sample staff (resources/sample-staff.csv),
// their groups get a link each for the home screen, and codes may go to the countries of the
// sample numbers. Only ever applied with the simulated modem: the sample numbers look real.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importStaffCsv, type ImportReport } from '../main/registry/staff-csv';
import type { Services } from '../main/services';
import { PROJECT_ROOT } from './build-renderer';

export const SAMPLE_STAFF_CSV = join(PROJECT_ROOT, 'resources', 'sample-staff.csv');
const ACTOR = 'demo-web';

/** Countries of the sample numbers (+358, +46, +34). */
export const DEMO_COUNTRIES = ['FI', 'SE', 'ES'];

const DEMO_RESOURCES: Record<string, Array<[string, string]>> = {
  Dock: [['Dock rota', 'https://rota.example.org/dock']],
  Forklift: [['Forklift checklist', 'https://safety.example.org/forklift']],
  'Night shift': [['Night shift handover', 'https://handover.example.org/night']],
  Managers: [['Site dashboard', 'https://dashboard.example.org/']],
};

/** Returns the import report, or undefined when the registry already had people. */
export function seedDemo(services: Services): ImportReport | undefined {
  if (services.registry.users.count() > 0) return undefined;
  services.config.updateSite({ name: 'Harbour Depot', defaultCountry: 'FI' }, ACTOR);
  services.config.updatePolicy({ allowedCountries: DEMO_COUNTRIES }, ACTOR);
  const report = importStaffCsv(services.registry, readFileSync(SAMPLE_STAFF_CSV, 'utf8'), {
    dryRun: false,
    actor: ACTOR,
    db: services.db,
  });
  for (const [group, links] of Object.entries(DEMO_RESOURCES)) {
    const found = services.registry.groups.byName(group);
    if (!found) continue;
    for (const [name, url] of links) services.registry.groups.addResource(found.id, name, url);
  }
  return report;
}
