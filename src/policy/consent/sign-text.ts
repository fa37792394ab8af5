import type { AreaType, Jurisdiction, Weekday } from '../../config/schema.js';
import type { Translated } from '../../shared/languages.js';

/**
 * Everything the public notices say in words of their own, in every notice
 * language (src/shared/languages.ts). Typed `Translated<…>`, so a language
 * without a string is a type error, not a blank line on a wall. What the
 * business writes itself (its name, the purposes, its own access route) is
 * printed as written.
 *
 * Changing any wording here changes what posted signs say: bump
 * SIGN_WORDING in sign-wording.ts with the reason, which the Compliance page
 * shows the owner when it asks for a reprint (test/unit/sign-wording.test.ts
 * fails until that is done).
 */

/** Whether the cameras are on a closed network of their own (docs/containment.md), as the sign states it. */
export type CameraNetworkClaim = 'contained' | 'not-contained';

/** One transfer policy in force, as a sign lists it (its texts are the owner's). */
export interface SignTransfer {
  recipient: string;
  country: string;
  legalBasis: string;
  /** YYYY-MM-DD */
  until: string;
}

export interface NoticeWords {
  title: string;
  withAudio: string;
  audioLabel: string;
  audioYes: string;
  audioNo: string;
  why: string;
  noPurpose: string;
  kept: string;
  afterKept: (when: string) => string;
  you: string;
  elsewhere: string;
  rights: string;
  complaints: string;
  responsible: string;
  contact: string;
  more: string;
  noBusiness: string;
  contactUnknown: string;
  accessRoute: (contact: string) => string;
  moreInfoDefault: string;
  /** "A or B" between an email and a phone number. */
  or: string;
}

export interface PolicyWords {
  title: string;
  accountable: string;
  lawApplied: string;
  cameras: string;
  th: { camera: string; area: string; purposes: string; kept: string; audio: string; recording: string; legalBasis: string };
  yes: string;
  no: string;
  notSet: string;
  nonePurpose: string;
  whoMayView: string;
  viewersDefault: (name: string) => string;
  theOwner: string;
  reviewOnly: string;
  ask: string;
  answerWithin: (deadline: string) => string;
  complaintsTitle: string;
  complaints: (contact: string, regulator: string) => string;
  recipientsTitle: string;
  recipientsNone: string;
  recipientsList: (list: string) => string;
  transfersTitle: string;
  rightsTitle: string;
  legitimateInterests: (law: string) => string;
}

export interface FlowWords {
  recorderNowhere: string;
  recorderNowhereElse: string;
  closedNetwork: string;
  openNetwork: string;
  transfersTo: (list: string) => string;
  transferItem: (t: SignTransfer) => string;
}

export interface TimeWords {
  /** A retention period; singular and plural by unit. */
  unit: { day: [string, string]; hour: [string, string]; minute: [string, string] };
  /** Number and unit joined ("7 days", "7 天"). */
  joinUnit: (n: number, unit: string) => string;
  byOwner: string;
  always: string;
  never: string;
  everyDay: string;
  days: Readonly<Record<Weekday, string>>;
  listSep: string;
  windowSep: string;
  nextDay: string;
  localTime: (tz: string) => string;
}

export interface ProfileWords {
  label: string;
  accessDeadline: string;
  regulator: string;
  /** What the person filmed may ask for, where the profile's law lists rights; null where the notice need not. */
  rights: string | null;
}

export interface SignWords {
  notice: NoticeWords;
  policy: PolicyWords;
  flow: FlowWords;
  time: TimeWords;
  areas: Readonly<Record<AreaType, string>>;
  profiles: Readonly<Record<Jurisdiction, ProfileWords>>;
}

const gdprRights: Translated<(law: string) => string> = {
  en: (law) => `You may ask for access to footage of yourself and for its erasure, ask us to restrict its use, and object to being recorded (${law} Art. 15–21).`,
  fr: (law) => `Vous pouvez demander l'accès aux images vous concernant, leur effacement ou la limitation de leur utilisation, et vous opposer à être filmé(e) (${law}, art. 15 à 21).`,
  es: (law) => `Puede solicitar el acceso a las imágenes en las que aparece, su supresión o la limitación de su uso, y oponerse a ser grabado/a (arts. 15 a 21 del ${law}).`,
  'zh-Hans': (law) => `您可以要求查阅或删除您本人的录像、限制其使用，并可反对被录像（${law} 第 15–21 条）。`,
  'zh-Hant': (law) => `您可以要求查閱或刪除您本人的錄影、限制其使用，並可反對被錄影（${law} 第 15–21 條）。`,
};

const GDPR_LAW: Translated<string> = { en: 'GDPR', fr: 'RGPD', es: 'RGPD', 'zh-Hans': 'GDPR', 'zh-Hant': 'GDPR' };

export const SIGN_WORDS: Translated<SignWords> = {
  en: {
    notice: {
      title: 'Video recording in use',
      withAudio: 'with sound (audio)',
      audioLabel: 'Audio',
      audioYes: 'YES: conversations here are recorded',
      audioNo: 'no, sound is not recorded',
      why: 'Why we record',
      noPurpose: 'No purpose is stated yet: this camera does not record until one is.',
      kept: 'Footage is kept for',
      afterKept: (when) => `, then deleted automatically. Recording: ${when}.`,
      you: 'Footage of you',
      elsewhere: 'Does footage go anywhere else?',
      rights: 'Your rights',
      complaints: 'Complaints',
      responsible: 'Responsible for this camera',
      contact: 'Contact',
      more: 'More information',
      noBusiness: 'No business profile is configured yet: no camera records until one exists.',
      contactUnknown: 'the business (no accountable contact configured yet)',
      accessRoute: (c) => `Ask ${c} for a copy of footage of yourself; say when and where you were filmed.`,
      moreInfoDefault: 'Ask at the counter for the full privacy notice.',
      or: 'or',
    },
    policy: {
      title: 'Video surveillance policy',
      accountable: 'Accountable person',
      lawApplied: 'Privacy law applied',
      cameras: 'Cameras',
      th: { camera: 'Camera', area: 'Area', purposes: 'Purposes', kept: 'Kept for', audio: 'Audio', recording: 'Recording', legalBasis: 'Legal basis' },
      yes: 'yes',
      no: 'no',
      notSet: 'not set',
      nonePurpose: 'none stated: does not record',
      whoMayView: 'Who may view footage',
      viewersDefault: (name) => `${name} and people they authorise; every viewing is logged`,
      theOwner: 'The owner',
      reviewOnly: 'Recorded footage is reviewed only to investigate an incident, never routinely.',
      ask: 'Asking for footage of yourself',
      answerWithin: (d) => `We answer within ${d}.`,
      complaintsTitle: 'Complaints',
      complaints: (c, r) => `Tell ${c} first. If you are not satisfied, you may complain to ${r}.`,
      recipientsTitle: 'Who receives footage',
      recipientsNone: 'None: no one outside the business receives footage; it is viewed only on site.',
      recipientsList: (list) => `${list}. Every disclosure is logged.`,
      transfersTitle: 'Transfers',
      rightsTitle: 'Your rights',
      legitimateInterests: (law) => `Legitimate interests (${law} Art. 6(1)(f)) in the purposes stated for this camera`,
    },
    flow: {
      recorderNowhere: 'The recorder sends footage to no one: it stays on the premises.',
      recorderNowhereElse: 'Otherwise the recorder sends footage nowhere.',
      closedNetwork: 'The cameras are on a closed network of their own, with no internet access.',
      openNetwork: 'The cameras are not on a closed network, so we cannot technically rule out a camera sending data out by itself.',
      transfersTo: (list) => `Copies of specific footage may be sent, each time logged, only to: ${list}.`,
      transferItem: (t) => `${t.recipient} (${t.country}; legal basis: ${t.legalBasis}; until ${t.until})`,
    },
    time: {
      unit: { day: ['day', 'days'], hour: ['hour', 'hours'], minute: ['minute', 'minutes'] },
      joinUnit: (n, u) => `${n} ${u}`,
      byOwner: 'as set by the owner',
      always: 'at all times',
      never: 'never',
      everyDay: 'every day',
      days: { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' },
      listSep: ', ',
      windowSep: '; ',
      nextDay: ' (ends the next day)',
      localTime: (tz) => `(${tz} local time)`,
    },
    areas: { entrance: 'entrance area', cash: 'cash area', kitchen: 'kitchen area', storage: 'storage area', staff: 'staff area', dining: 'dining area', outdoor: 'outdoor area', washroom: 'washroom area', changing: 'changing area' },
    profiles: {
      'CA-BC': {
        label: 'British Columbia, Canada (PIPA)',
        accessDeadline: '30 business days (PIPA s.29), extendable under s.31',
        regulator: 'the Office of the Information and Privacy Commissioner for British Columbia (oipc.bc.ca)',
        rights: null,
      },
      CA: { label: 'Canada (PIPEDA)', accessDeadline: '30 days, extendable by 30', regulator: 'the Office of the Privacy Commissioner of Canada (priv.gc.ca)', rights: null },
      QC: {
        label: 'Quebec, Canada (Act respecting the protection of personal information in the private sector, as amended by Law 25)',
        accessDeadline: '30 days (s.32), with no extension',
        regulator: "the Commission d'accès à l'information du Québec (cai.gouv.qc.ca)",
        rights: 'You may ask for access to footage of yourself and have inaccurate information corrected; we tell you if footage is communicated outside Quebec.',
      },
      EU: { label: 'European Union (GDPR)', accessDeadline: 'one month (GDPR Art. 12(3)), extendable by two', regulator: 'your national data protection authority', rights: gdprRights.en('GDPR') },
      FR: {
        label: 'France (GDPR and the French Data Protection Act)',
        accessDeadline: 'one month (GDPR Art. 12(3)), extendable by two',
        regulator: "the CNIL, France's data protection authority (cnil.fr)",
        rights: gdprRights.en('GDPR'),
      },
      LU: {
        label: 'Luxembourg (GDPR)',
        accessDeadline: 'one month (GDPR Art. 12(3)), extendable by two',
        regulator: 'the National Commission for Data Protection (CNPD, cnpd.lu)',
        rights: gdprRights.en('GDPR'),
      },
      UK: { label: 'United Kingdom (UK GDPR)', accessDeadline: 'one month, extendable by two', regulator: "the Information Commissioner's Office (ico.org.uk)", rights: gdprRights.en('UK GDPR') },
      custom: { label: 'custom (set by the owner)', accessDeadline: 'as set by the owner', regulator: 'the privacy regulator where you are', rights: null },
    },
  },
  fr: {
    notice: {
      title: 'Enregistrement vidéo en cours',
      withAudio: 'avec le son (audio)',
      audioLabel: 'Son',
      audioYes: 'OUI : les conversations sont enregistrées ici',
      audioNo: "non, le son n'est pas enregistré",
      why: "Finalités de l'enregistrement",
      noPurpose: "Aucune finalité n'est encore indiquée : cette caméra n'enregistre pas tant qu'il n'y en a pas.",
      kept: 'Durée de conservation',
      afterKept: (when) => `, puis les images sont supprimées automatiquement. Enregistrement : ${when}.`,
      you: 'Images vous concernant',
      elsewhere: 'Les images sont-elles transmises ailleurs ?',
      rights: 'Vos droits',
      complaints: 'Réclamations',
      responsible: 'Responsable du traitement',
      contact: 'Contact',
      more: 'Pour en savoir plus',
      noBusiness: "Aucun profil d'entreprise n'est encore configuré : aucune caméra n'enregistre tant qu'il n'existe pas.",
      contactUnknown: "l'entreprise (aucune personne responsable n'est encore indiquée)",
      accessRoute: (c) => `Pour obtenir une copie des images vous concernant, adressez-vous à ${c} en précisant quand et où vous avez été filmé(e).`,
      moreInfoDefault: "l'avis de confidentialité complet est disponible au comptoir.",
      or: 'ou',
    },
    policy: {
      title: 'Politique de vidéosurveillance',
      accountable: 'Personne responsable',
      lawApplied: 'Loi applicable',
      cameras: 'Caméras',
      th: { camera: 'Caméra', area: 'Zone', purposes: 'Finalités', kept: 'Conservation', audio: 'Son', recording: 'Enregistrement', legalBasis: 'Base légale' },
      yes: 'oui',
      no: 'non',
      notSet: 'non précisée',
      nonePurpose: "aucune finalité indiquée : n'enregistre pas",
      whoMayView: 'Qui peut visionner les images',
      viewersDefault: (name) => `${name} et les personnes qu'il ou elle autorise ; chaque visionnage est consigné`,
      theOwner: "L'exploitant",
      reviewOnly: "Les images enregistrées ne sont visionnées que pour examiner un incident, jamais de façon systématique.",
      ask: 'Demander les images vous concernant',
      answerWithin: (d) => `Nous répondons dans un délai de ${d}.`,
      complaintsTitle: 'Réclamations',
      complaints: (c, r) => `Adressez-vous d'abord à ${c}. Si la réponse ne vous satisfait pas, vous pouvez introduire une réclamation auprès de ${r}.`,
      recipientsTitle: 'Destinataires des images',
      recipientsNone: "Aucun : personne hors de l'entreprise ne reçoit d'images ; elles ne sont visionnées que sur place.",
      recipientsList: (list) => `${list}. Chaque communication est consignée.`,
      transfersTitle: 'Transferts',
      rightsTitle: 'Vos droits',
      legitimateInterests: (law) => `Intérêt légitime (${law}, art. 6, par. 1, point f) pour les finalités indiquées pour cette caméra`,
    },
    flow: {
      recorderNowhere: "L'enregistreur ne transmet les images à personne : elles restent sur place.",
      recorderNowhereElse: "Hormis ces envois, l'enregistreur ne transmet les images nulle part.",
      closedNetwork: 'Les caméras sont sur un réseau fermé qui leur est propre, sans accès à Internet.',
      openNetwork: "Les caméras ne sont pas sur un réseau fermé : nous ne pouvons donc pas exclure techniquement qu'une caméra transmette elle-même des données.",
      transfersTo: (list) => `Des copies d'images précises peuvent être transmises, chaque envoi étant consigné, uniquement à : ${list}.`,
      transferItem: (t) => `${t.recipient} (${t.country} ; base légale : ${t.legalBasis} ; jusqu'au ${t.until})`,
    },
    time: {
      unit: { day: ['jour', 'jours'], hour: ['heure', 'heures'], minute: ['minute', 'minutes'] },
      joinUnit: (n, u) => `${n} ${u}`,
      byOwner: "selon la durée fixée par l'exploitant",
      always: 'en permanence',
      never: 'jamais',
      everyDay: 'tous les jours',
      days: { mon: 'lun.', tue: 'mar.', wed: 'mer.', thu: 'jeu.', fri: 'ven.', sat: 'sam.', sun: 'dim.' },
      listSep: ', ',
      windowSep: ' ; ',
      nextDay: ' (se termine le lendemain)',
      localTime: (tz) => `(heure locale, ${tz})`,
    },
    areas: {
      entrance: "zone de l'entrée",
      cash: 'zone de la caisse',
      kitchen: 'cuisine',
      storage: 'réserve',
      staff: 'espace du personnel',
      dining: 'salle à manger',
      outdoor: 'extérieur',
      washroom: 'toilettes',
      changing: 'vestiaire',
    },
    profiles: {
      'CA-BC': {
        label: 'Colombie-Britannique, Canada (PIPA)',
        accessDeadline: "30 jours ouvrables (PIPA, art. 29), délai prolongeable en vertu de l'art. 31",
        regulator: "le Commissariat à l'information et à la protection de la vie privée de la Colombie-Britannique (oipc.bc.ca)",
        rights: null,
      },
      CA: { label: 'Canada (LPRPDE)', accessDeadline: '30 jours, délai prolongeable de 30 jours', regulator: 'le Commissariat à la protection de la vie privée du Canada (priv.gc.ca)', rights: null },
      QC: {
        label: 'Québec, Canada (Loi sur la protection des renseignements personnels dans le secteur privé, modifiée par la Loi 25)',
        accessDeadline: '30 jours (art. 32), sans prolongation',
        regulator: "la Commission d'accès à l'information du Québec (cai.gouv.qc.ca)",
        rights:
          "Vous pouvez demander l'accès aux images vous concernant et la rectification de renseignements inexacts ; nous vous informons si des images sont communiquées à l'extérieur du Québec.",
      },
      EU: {
        label: 'Union européenne (RGPD)',
        accessDeadline: 'un mois (RGPD, art. 12, par. 3), délai prolongeable de deux mois',
        regulator: "l'autorité de protection des données de votre pays",
        rights: gdprRights.fr('RGPD'),
      },
      FR: {
        label: 'France (RGPD et loi Informatique et Libertés)',
        accessDeadline: 'un mois (RGPD, art. 12, par. 3), délai prolongeable de deux mois',
        regulator: 'la CNIL (cnil.fr)',
        rights: gdprRights.fr('RGPD'),
      },
      LU: {
        label: 'Luxembourg (RGPD)',
        accessDeadline: 'un mois (RGPD, art. 12, par. 3), délai prolongeable de deux mois',
        regulator: 'la Commission nationale pour la protection des données (CNPD, cnpd.lu)',
        rights: gdprRights.fr('RGPD'),
      },
      UK: { label: 'Royaume-Uni (UK GDPR)', accessDeadline: 'un mois, délai prolongeable de deux mois', regulator: "l'Information Commissioner's Office (ico.org.uk)", rights: gdprRights.fr('UK GDPR') },
      custom: {
        label: "personnalisé (défini par l'exploitant)",
        accessDeadline: "le délai fixé par l'exploitant",
        regulator: "l'autorité de protection de la vie privée de votre lieu de résidence",
        rights: null,
      },
    },
  },
  es: {
    notice: {
      title: 'Zona videovigilada',
      withAudio: 'con sonido (audio)',
      audioLabel: 'Sonido',
      audioYes: 'SÍ: aquí se graban las conversaciones',
      audioNo: 'no, no se graba el sonido',
      why: 'Finalidad de la grabación',
      noPurpose: 'Todavía no se ha indicado ninguna finalidad: esta cámara no graba hasta que se indique una.',
      kept: 'Plazo de conservación',
      afterKept: (when) => `; después, las imágenes se borran automáticamente. Grabación: ${when}.`,
      you: 'Imágenes en las que usted aparece',
      elsewhere: '¿Se envían las imágenes a algún otro lugar?',
      rights: 'Sus derechos',
      complaints: 'Reclamaciones',
      responsible: 'Responsable del tratamiento',
      contact: 'Contacto',
      more: 'Más información',
      noBusiness: 'Todavía no se ha configurado el perfil de la empresa: ninguna cámara graba hasta que exista.',
      contactUnknown: 'la empresa (todavía no se ha indicado una persona responsable)',
      accessRoute: (c) => `Para obtener una copia de las imágenes en las que aparece, diríjase a ${c} e indique cuándo y dónde fue grabado/a.`,
      moreInfoDefault: 'el aviso de privacidad completo está disponible en el mostrador.',
      or: 'o',
    },
    policy: {
      title: 'Política de videovigilancia',
      accountable: 'Persona responsable',
      lawApplied: 'Ley aplicable',
      cameras: 'Cámaras',
      th: { camera: 'Cámara', area: 'Zona', purposes: 'Finalidades', kept: 'Conservación', audio: 'Sonido', recording: 'Grabación', legalBasis: 'Base jurídica' },
      yes: 'sí',
      no: 'no',
      notSet: 'sin indicar',
      nonePurpose: 'ninguna indicada: no graba',
      whoMayView: 'Quién puede ver las imágenes',
      viewersDefault: (name) => `${name} y las personas a las que autorice; cada visionado queda registrado`,
      theOwner: 'El titular',
      reviewOnly: 'Las imágenes grabadas solo se revisan para investigar un incidente, nunca de forma rutinaria.',
      ask: 'Cómo solicitar las imágenes en las que aparece',
      answerWithin: (d) => `Respondemos en un plazo de ${d}.`,
      complaintsTitle: 'Reclamaciones',
      complaints: (c, r) => `Diríjase primero a ${c}. Si no queda satisfecho/a, puede presentar una reclamación ante ${r}.`,
      recipientsTitle: 'Destinatarios de las imágenes',
      recipientsNone: 'Ninguno: nadie ajeno a la empresa recibe imágenes; solo se visionan en el local.',
      recipientsList: (list) => `${list}. Cada comunicación queda registrada.`,
      transfersTitle: 'Transferencias',
      rightsTitle: 'Sus derechos',
      legitimateInterests: (law) => `Interés legítimo (art. 6.1.f del ${law}) en las finalidades indicadas para esta cámara`,
    },
    flow: {
      recorderNowhere: 'El grabador no envía las imágenes a nadie: se quedan en el local.',
      recorderNowhereElse: 'Fuera de esos envíos, el grabador no envía las imágenes a ningún sitio.',
      closedNetwork: 'Las cámaras están en una red cerrada propia, sin acceso a Internet.',
      openNetwork: 'Las cámaras no están en una red cerrada, por lo que no podemos descartar técnicamente que una cámara envíe datos por sí misma.',
      transfersTo: (list) => `Solo se pueden enviar copias de imágenes concretas, registrando cada envío, a: ${list}.`,
      transferItem: (t) => `${t.recipient} (${t.country}; base jurídica: ${t.legalBasis}; hasta el ${t.until})`,
    },
    time: {
      unit: { day: ['día', 'días'], hour: ['hora', 'horas'], minute: ['minuto', 'minutos'] },
      joinUnit: (n, u) => `${n} ${u}`,
      byOwner: 'el plazo que fije el titular',
      always: 'en todo momento',
      never: 'nunca',
      everyDay: 'todos los días',
      days: { mon: 'lun.', tue: 'mar.', wed: 'mié.', thu: 'jue.', fri: 'vie.', sat: 'sáb.', sun: 'dom.' },
      listSep: ', ',
      windowSep: '; ',
      nextDay: ' (termina al día siguiente)',
      localTime: (tz) => `(hora local, ${tz})`,
    },
    areas: {
      entrance: 'zona de entrada',
      cash: 'zona de caja',
      kitchen: 'cocina',
      storage: 'almacén',
      staff: 'zona de personal',
      dining: 'comedor',
      outdoor: 'exterior',
      washroom: 'aseos',
      changing: 'vestuario',
    },
    profiles: {
      'CA-BC': {
        label: 'Columbia Británica, Canadá (PIPA)',
        accessDeadline: '30 días hábiles (PIPA, art. 29), prorrogables según el art. 31',
        regulator: 'la Oficina del Comisionado de Información y Privacidad de Columbia Británica (oipc.bc.ca)',
        rights: null,
      },
      CA: { label: 'Canadá (PIPEDA)', accessDeadline: '30 días, prorrogables otros 30', regulator: 'la Oficina del Comisionado de Privacidad de Canadá (priv.gc.ca)', rights: null },
      QC: {
        label: 'Quebec, Canadá (Ley de protección de la información personal en el sector privado, modificada por la Ley 25)',
        accessDeadline: '30 días (art. 32), sin prórroga',
        regulator: "la Commission d'accès à l'information du Québec (cai.gouv.qc.ca)",
        rights: 'Puede solicitar el acceso a las imágenes en las que aparece y la rectificación de la información inexacta; le informamos si se comunican imágenes fuera de Quebec.',
      },
      EU: {
        label: 'Unión Europea (RGPD)',
        accessDeadline: 'un mes (art. 12.3 del RGPD), prorrogable dos meses más',
        regulator: 'la autoridad de protección de datos de su país',
        rights: gdprRights.es('RGPD'),
      },
      FR: {
        label: 'Francia (RGPD y Ley francesa de Informática y Libertades)',
        accessDeadline: 'un mes (art. 12.3 del RGPD), prorrogable dos meses más',
        regulator: 'la CNIL, autoridad francesa de protección de datos (cnil.fr)',
        rights: gdprRights.es('RGPD'),
      },
      LU: {
        label: 'Luxemburgo (RGPD)',
        accessDeadline: 'un mes (art. 12.3 del RGPD), prorrogable dos meses más',
        regulator: 'la Comisión Nacional de Protección de Datos (CNPD, cnpd.lu)',
        rights: gdprRights.es('RGPD'),
      },
      UK: { label: 'Reino Unido (UK GDPR)', accessDeadline: 'un mes, prorrogable dos meses más', regulator: "la Information Commissioner's Office (ico.org.uk)", rights: gdprRights.es('UK GDPR') },
      custom: { label: 'personalizado (definido por el titular)', accessDeadline: 'el plazo que fije el titular', regulator: 'la autoridad de privacidad de su lugar de residencia', rights: null },
    },
  },
  'zh-Hans': {
    notice: {
      title: '本区域正在录像',
      withAudio: '并录制声音',
      audioLabel: '声音',
      audioYes: '是：此处的谈话会被录音',
      audioNo: '否，不录制声音',
      why: '录像目的',
      noPurpose: '尚未说明目的：在说明目的之前，此摄像头不会录像。',
      kept: '录像保存期限',
      afterKept: (when) => `，到期后自动删除。录像时间：${when}。`,
      you: '您本人的录像',
      elsewhere: '录像会被传送到别处吗？',
      rights: '您的权利',
      complaints: '投诉',
      responsible: '个人信息处理负责方',
      contact: '联系人',
      more: '更多信息',
      noBusiness: '尚未设置商户资料：在设置之前，所有摄像头都不会录像。',
      contactUnknown: '本商户（尚未指定负责人）',
      accessRoute: (c) => `如需获取您本人的录像副本，请联系${c}，并说明您被拍摄的时间和地点。`,
      moreInfoDefault: '完整的隐私声明请向柜台索取。',
      or: '或',
    },
    policy: {
      title: '视频监控政策',
      accountable: '负责人',
      lawApplied: '适用的隐私法律',
      cameras: '摄像头',
      th: { camera: '摄像头', area: '区域', purposes: '目的', kept: '保存期限', audio: '声音', recording: '录像时间', legalBasis: '法律依据' },
      yes: '是',
      no: '否',
      notSet: '未设置',
      nonePurpose: '未说明目的：不录像',
      whoMayView: '谁可以查看录像',
      viewersDefault: (name) => `${name}及其授权人员；每次查看均有记录`,
      theOwner: '经营者',
      reviewOnly: '录像仅在调查事件时查看，绝不例行查看。',
      ask: '如何索取您本人的录像',
      answerWithin: (d) => `我们会在${d}内答复。`,
      complaintsTitle: '投诉',
      complaints: (c, r) => `请先联系${c}。如不满意，您可以向${r}投诉。`,
      recipientsTitle: '录像的接收方',
      recipientsNone: '无：本商户以外的任何人都不会收到录像；录像仅在店内查看。',
      recipientsList: (list) => `${list}。每次提供均有记录。`,
      transfersTitle: '传送',
      rightsTitle: '您的权利',
      legitimateInterests: (law) => `正当利益（${law} 第 6(1)(f) 条），用于本摄像头所述目的`,
    },
    flow: {
      recorderNowhere: '录像机不会将录像发送给任何人：录像只保存在本店内。',
      recorderNowhereElse: '除此之外，录像机不会将录像发送到任何地方。',
      closedNetwork: '摄像头位于独立的封闭网络中，无法连接互联网。',
      openNetwork: '摄像头不在封闭网络中，因此我们无法从技术上排除摄像头自行向外发送数据的可能。',
      transfersTo: (list) => `特定录像的副本仅可发送给以下接收方，每次发送均有记录：${list}。`,
      transferItem: (t) => `${t.recipient}（${t.country}；法律依据：${t.legalBasis}；有效期至 ${t.until}）`,
    },
    time: {
      unit: { day: ['天', '天'], hour: ['小时', '小时'], minute: ['分钟', '分钟'] },
      joinUnit: (n, u) => `${n} ${u}`,
      byOwner: '由经营者设定',
      always: '全天候',
      never: '从不',
      everyDay: '每天',
      days: { mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日' },
      listSep: '、',
      windowSep: '；',
      nextDay: '（次日结束）',
      localTime: (tz) => `（当地时间，${tz}）`,
    },
    areas: {
      entrance: '入口区',
      cash: '收银区',
      kitchen: '厨房',
      storage: '储藏区',
      staff: '员工区',
      dining: '用餐区',
      outdoor: '室外',
      washroom: '洗手间',
      changing: '更衣室',
    },
    profiles: {
      'CA-BC': {
        label: '加拿大不列颠哥伦比亚省（PIPA）',
        accessDeadline: '30 个工作日（PIPA 第 29 条），可依第 31 条延长',
        regulator: '不列颠哥伦比亚省信息与隐私专员办公室（oipc.bc.ca）',
        rights: null,
      },
      CA: { label: '加拿大（PIPEDA）', accessDeadline: '30 天，可再延长 30 天', regulator: '加拿大隐私专员办公室（priv.gc.ca）', rights: null },
      QC: {
        label: '加拿大魁北克省（《私营部门个人信息保护法》，经第 25 号法律修订）',
        accessDeadline: '30 天（第 32 条），不可延长',
        regulator: "魁北克信息获取委员会（Commission d'accès à l'information du Québec，cai.gouv.qc.ca）",
        rights: '您可以要求查阅您本人的录像，并更正不准确的信息；如录像被传送到魁北克省以外，我们会告知您。',
      },
      EU: { label: '欧盟（《通用数据保护条例》GDPR）', accessDeadline: '一个月（GDPR 第 12(3) 条），可再延长两个月', regulator: '您所在国家的数据保护机构', rights: gdprRights['zh-Hans']('GDPR') },
      FR: {
        label: '法国（GDPR 及法国《信息与自由法》）',
        accessDeadline: '一个月（GDPR 第 12(3) 条），可再延长两个月',
        regulator: '法国国家信息与自由委员会（CNIL，cnil.fr）',
        rights: gdprRights['zh-Hans']('GDPR'),
      },
      LU: {
        label: '卢森堡（GDPR）',
        accessDeadline: '一个月（GDPR 第 12(3) 条），可再延长两个月',
        regulator: '卢森堡国家数据保护委员会（CNPD，cnpd.lu）',
        rights: gdprRights['zh-Hans']('GDPR'),
      },
      UK: { label: '英国（UK GDPR）', accessDeadline: '一个月，可再延长两个月', regulator: '英国信息专员办公室（ICO，ico.org.uk）', rights: gdprRights['zh-Hans']('UK GDPR') },
      custom: { label: '自定义（由经营者设定）', accessDeadline: '由经营者设定的期限', regulator: '您所在地的隐私监管机构', rights: null },
    },
  },
  'zh-Hant': {
    notice: {
      title: '本區域正在錄影',
      withAudio: '並錄製聲音',
      audioLabel: '聲音',
      audioYes: '是：此處的談話會被錄音',
      audioNo: '否，不錄製聲音',
      why: '錄影目的',
      noPurpose: '尚未說明目的：在說明目的之前，此攝影機不會錄影。',
      kept: '錄影保存期限',
      afterKept: (when) => `，到期後自動刪除。錄影時間：${when}。`,
      you: '您本人的錄影',
      elsewhere: '錄影會被傳送到別處嗎？',
      rights: '您的權利',
      complaints: '申訴',
      responsible: '個人資料處理負責方',
      contact: '聯絡人',
      more: '更多資訊',
      noBusiness: '尚未設定商家資料：在設定之前，所有攝影機都不會錄影。',
      contactUnknown: '本商家（尚未指定負責人）',
      accessRoute: (c) => `如需取得您本人的錄影副本，請聯絡${c}，並說明您被拍攝的時間和地點。`,
      moreInfoDefault: '完整的隱私聲明請向櫃檯索取。',
      or: '或',
    },
    policy: {
      title: '錄影監視政策',
      accountable: '負責人',
      lawApplied: '適用的隱私法律',
      cameras: '攝影機',
      th: { camera: '攝影機', area: '區域', purposes: '目的', kept: '保存期限', audio: '聲音', recording: '錄影時間', legalBasis: '法律依據' },
      yes: '是',
      no: '否',
      notSet: '未設定',
      nonePurpose: '未說明目的：不錄影',
      whoMayView: '誰可以查看錄影',
      viewersDefault: (name) => `${name}及其授權人員；每次查看均有紀錄`,
      theOwner: '經營者',
      reviewOnly: '錄影僅在調查事件時查看，絕不例行查看。',
      ask: '如何索取您本人的錄影',
      answerWithin: (d) => `我們會在${d}內答覆。`,
      complaintsTitle: '申訴',
      complaints: (c, r) => `請先聯絡${c}。如不滿意，您可以向${r}提出申訴。`,
      recipientsTitle: '錄影的接收方',
      recipientsNone: '無：本商家以外的任何人都不會收到錄影；錄影僅在店內查看。',
      recipientsList: (list) => `${list}。每次提供均有紀錄。`,
      transfersTitle: '傳送',
      rightsTitle: '您的權利',
      legitimateInterests: (law) => `正當利益（${law} 第 6(1)(f) 條），用於本攝影機所述目的`,
    },
    flow: {
      recorderNowhere: '錄影機不會將錄影傳送給任何人：錄影只保存在本店內。',
      recorderNowhereElse: '除此之外，錄影機不會將錄影傳送到任何地方。',
      closedNetwork: '攝影機位於獨立的封閉網路中，無法連線網際網路。',
      openNetwork: '攝影機不在封閉網路中，因此我們無法從技術上排除攝影機自行向外傳送資料的可能。',
      transfersTo: (list) => `特定錄影的副本僅可傳送給以下接收方，每次傳送均有紀錄：${list}。`,
      transferItem: (t) => `${t.recipient}（${t.country}；法律依據：${t.legalBasis}；有效期至 ${t.until}）`,
    },
    time: {
      unit: { day: ['天', '天'], hour: ['小時', '小時'], minute: ['分鐘', '分鐘'] },
      joinUnit: (n, u) => `${n} ${u}`,
      byOwner: '由經營者設定',
      always: '全天候',
      never: '從不',
      everyDay: '每天',
      days: { mon: '週一', tue: '週二', wed: '週三', thu: '週四', fri: '週五', sat: '週六', sun: '週日' },
      listSep: '、',
      windowSep: '；',
      nextDay: '（次日結束）',
      localTime: (tz) => `（當地時間，${tz}）`,
    },
    areas: {
      entrance: '入口區',
      cash: '收銀區',
      kitchen: '廚房',
      storage: '儲藏區',
      staff: '員工區',
      dining: '用餐區',
      outdoor: '室外',
      washroom: '洗手間',
      changing: '更衣室',
    },
    profiles: {
      'CA-BC': {
        label: '加拿大卑詩省（PIPA）',
        accessDeadline: '30 個工作天（PIPA 第 29 條），可依第 31 條延長',
        regulator: '卑詩省資訊及隱私專員辦公室（oipc.bc.ca）',
        rights: null,
      },
      CA: { label: '加拿大（PIPEDA）', accessDeadline: '30 天，可再延長 30 天', regulator: '加拿大隱私專員辦公室（priv.gc.ca）', rights: null },
      QC: {
        label: '加拿大魁北克省（《私營部門個人資料保護法》，經第 25 號法律修訂）',
        accessDeadline: '30 天（第 32 條），不可延長',
        regulator: "魁北克資訊查閱委員會（Commission d'accès à l'information du Québec，cai.gouv.qc.ca）",
        rights: '您可以要求查閱您本人的錄影，並更正不準確的資料；如錄影被傳送到魁北克省以外，我們會告知您。',
      },
      EU: { label: '歐盟（《一般資料保護規則》GDPR）', accessDeadline: '一個月（GDPR 第 12(3) 條），可再延長兩個月', regulator: '您所在國家的資料保護機關', rights: gdprRights['zh-Hant']('GDPR') },
      FR: {
        label: '法國（GDPR 及法國《資訊與自由法》）',
        accessDeadline: '一個月（GDPR 第 12(3) 條），可再延長兩個月',
        regulator: '法國國家資訊與自由委員會（CNIL，cnil.fr）',
        rights: gdprRights['zh-Hant']('GDPR'),
      },
      LU: {
        label: '盧森堡（GDPR）',
        accessDeadline: '一個月（GDPR 第 12(3) 條），可再延長兩個月',
        regulator: '盧森堡國家資料保護委員會（CNPD，cnpd.lu）',
        rights: gdprRights['zh-Hant']('GDPR'),
      },
      UK: { label: '英國（UK GDPR）', accessDeadline: '一個月，可再延長兩個月', regulator: '英國資訊專員辦公室（ICO，ico.org.uk）', rights: gdprRights['zh-Hant']('UK GDPR') },
      custom: { label: '自訂（由經營者設定）', accessDeadline: '由經營者設定的期限', regulator: '您所在地的隱私監管機關', rights: null },
    },
  },
};

/** The name of the GDPR in each language, for the default legal basis ("UK GDPR" stays as written). */
export function gdprName(lang: keyof typeof GDPR_LAW, uk: boolean): string {
  return uk ? 'UK GDPR' : GDPR_LAW[lang];
}
