/**
 * GP practices occupying a site, from the ODS register (epraccur), and what their leaving says about the site: a
 * site whose practice has closed or gone dormant may stand empty, the strongest sign that it is not needed.
 */

/** ODS status (epraccur column 13). */
export type PracticeStatus = 'active' | 'closed' | 'dormant' | 'proposed';

export interface OccupyingPractice {
  odsCode: string;
  name: string;
  status: PracticeStatus | null;
  /** ISO yyyy-mm-dd. */
  closeDate: string | null;
  /** How the link was made: the site's own occupier ODS code, or the same postcode. */
  linkedBy: 'ods_code' | 'postcode';
}

export interface PracticeGone {
  odsCode: string;
  name: string;
  status: 'closed' | 'dormant';
  date: string | null;
  linkedBy: OccupyingPractice['linkedBy'];
  explanation: string;
}

export interface OccupierVerdict {
  gone: PracticeGone[];
  /** True when practices occupy the site and every one has closed or gone dormant. */
  allGone: boolean;
}

const ukDate = (iso: string): string => {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
};

const LINKED_BY: Record<OccupyingPractice['linkedBy'], string> = {
  ods_code: 'named by the site record',
  postcode: 'at the same postcode',
};

/** A practice with a close date has closed on it, whatever status an older extract still gives. */
function goneAs(p: OccupyingPractice): 'closed' | 'dormant' | null {
  if (p.status === 'dormant') return 'dormant';
  if (p.status === 'closed' || p.closeDate !== null) return 'closed';
  return null;
}

export function judgeOccupiers(practices: readonly OccupyingPractice[]): OccupierVerdict {
  const gone = practices.flatMap((p): PracticeGone[] => {
    const status = goneAs(p);
    if (status === null) return [];
    const when = p.closeDate ? ` on ${ukDate(p.closeDate)}` : ' (ODS gives no date)';
    const verb = status === 'closed' ? 'closed' : 'went dormant';
    return [
      {
        odsCode: p.odsCode,
        name: p.name,
        status,
        date: p.closeDate,
        linkedBy: p.linkedBy,
        explanation: `GP practice ${p.odsCode} (${p.name}), ${LINKED_BY[p.linkedBy]}, ${verb}${when}.`,
      },
    ];
  });
  return { gone, allGone: practices.length > 0 && gone.length === practices.length };
}
