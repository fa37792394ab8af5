import type { AreaType, CameraConfig } from '../../config/schema.js';

/**
 * What the law of a place adds for cameras that see employees, keyed by the
 * jurisdiction code as written in the configuration. A small table of its own
 * (not the jurisdiction profiles) so it holds for codes the profiles do not
 * know yet: an unknown code gets the general rules.
 *
 * FR: Code du travail art. L1222-4 (nothing about an employee may be collected
 * by a device they were not told about beforehand: each employee is informed
 * individually) and the CNIL's guidance on workplace video (employees must not
 * be filmed at their workstation, save particular circumstances such as handling
 * cash, and even then the camera should film the till rather than the person);
 * staff representatives are consulted before monitoring is put in place (L2312-38).
 */
export interface StaffRules {
  /** Each employee must be given a notice of their own (not only the posted staff sign). */
  individualNotice: boolean;
  /** Cameras that see a workstation are listed for the owner to review. */
  flagWorkstations: boolean;
  /** Where the rules come from, printed on the notice and in the report. */
  basis: string;
  /** Staff representatives must be informed and consulted before monitoring starts. */
  consultRepresentatives?: string;
  /** How the notice says the answer deadline and the regulator, when the jurisdiction profile does not say it. */
  accessDeadline?: string;
  regulator?: string;
}

const GENERAL: StaffRules = {
  individualNotice: false,
  flagWorkstations: false,
  basis: 'notice to employees before collection (e.g. BC PIPA s.13; GDPR Art. 13)',
};

const STAFF_RULES: Readonly<Record<string, StaffRules>> = {
  FR: {
    individualNotice: true,
    flagWorkstations: true,
    basis: 'Code du travail, art. L1222-4 ; CNIL, « La vidéosurveillance – vidéoprotection au travail »',
    consultRepresentatives: 'Code du travail, art. L2312-38 (CSE)',
    accessDeadline: 'un mois (RGPD, art. 12(3)), prolongeable de deux mois',
    regulator: 'la CNIL (cnil.fr)',
  },
};

export function staffRulesFor(jurisdiction: string): StaffRules {
  return STAFF_RULES[jurisdiction] ?? GENERAL;
}

/** Areas where people work at one place for long stretches: the till, the kitchen line, the back-office desk. */
export const WORKSTATION_AREAS: readonly AreaType[] = ['cash', 'kitchen', 'staff'];

export function isWorkstation(area: AreaType | undefined | null): boolean {
  return area !== undefined && area !== null && WORKSTATION_AREAS.includes(area);
}

export interface WorkstationFlag {
  camera: string;
  area: AreaType;
  text: string;
}

/** Cameras the owner should review because the jurisdiction forbids filming people at their workstation. */
export function workstationFlags(jurisdiction: string, cameras: readonly Pick<CameraConfig, 'id' | 'area' | 'masks'>[]): WorkstationFlag[] {
  const rules = staffRulesFor(jurisdiction);
  if (!rules.flagWorkstations) return [];
  return cameras.flatMap((c) =>
    c.area !== undefined && isWorkstation(c.area)
      ? [
          {
            camera: c.id,
            area: c.area,
            text:
              `camera ${c.id} sees a workstation (${c.area}): under ${jurisdiction} employees must not be filmed at their workstation save particular ` +
              `circumstances (${rules.basis}). Aim it at the till or goods rather than the person${c.masks?.length ? '' : ', or mask where staff stand'}, and record why in the assessment`,
          },
        ]
      : [],
  );
}
