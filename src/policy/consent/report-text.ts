import type { Translated } from '../../shared/languages.js';

/**
 * What the record of processing (GDPR Art. 30; PIPA s.5; Quebec's Law 25)
 * says in words of its own, in every document language. Typed
 * `Translated<…>`, so a language without a sentence is a type error. What the
 * owner wrote (names, purposes, justifications, reasons) is printed as
 * written; law references are kept exactly.
 *
 * The English catalog is the text the record has always printed, word for
 * word, so English records do not change with it.
 */
export interface ReportText {
  /** Between a label and its value (": ", French " : ", Chinese "："). */
  sep: string;
  title: string;
  /** The printable page's title, after the business's name. */
  pageTitle: (business: string) => string;
  generated: (at: string) => string;
  compliant: string;
  notCompliant: (n: string, problems: string) => string;
  problemCamera: (camera: string, what: string) => string;
  problemSign: (what: string) => string;
  problemStaleSign: (key: string) => string;
  controller: string;
  business: string;
  address: string;
  contact: string;
  viewers: string;
  defaultViewers: (name: string) => string;
  noBusiness: string;
  profile: string;
  retention: (standard: string, cap: string, limit: string | null) => string;
  accessWithin: string;
  timezone: string;
  cameras: string;
  noCameras: string;
  columns: readonly [string, string, string, string, string, string, string, string, string];
  notSet: string;
  none: string;
  /** A camera's retention with the profile's cap beside it. */
  capped: (period: string, cap: string) => string;
  overCap: string;
  mayDisabled: string;
  mayFailing: (codes: string) => string;
  paused: string;
  yes: string;
  on: string;
  off: string;
  noSign: string;
  masks: (n: string, by: string | null) => string;
  /** The sign column and the compliance line (sign-answer.ts, in English). */
  sign: {
    stale: (reason: string | null) => string;
    current: (confirmed: { day: string; by: string } | null) => string;
    postedPending: (location: string, date: string, by: string) => string;
    printedUnconfirmed: string;
    postedNotPrinted: (location: string, date: string, by: string) => string;
    noneRecorded: string;
  };
  gatesHeading: string;
  gatesNone: string;
  audioHeading: string;
  audioOffAll: string;
  audioLine: (camera: string, justification: string | null, acknowledged: boolean) => string;
  diningHeading: string;
  diningLine: (camera: string, justification: string | null) => string;
  signageHeading: string;
  signsNone: string;
  /** A sign's print log (signage-store.ts describeSignStatus, in English). */
  signStatus: {
    current: (at: string, by: string) => string;
    staleReprinted: (reason: string | null) => string;
    stale: (reason: string | null) => string;
    unconfirmed: string;
    missing: string;
  };
  countedAsUp: (location: string, date: string) => string;
  staleSigns: (n: string, keys: string) => string;
  pausesHeading: string;
  noneFound: string;
  pauseLine: (camera: string, since: string, by: string, span: string, reason: string) => string;
  untilResumed: string;
  forSpan: (duration: string, until: string) => string;
  recipientsHeading: string;
  recipients: string;
  transferPolicies: string;
  cameraConnections: string;
  holdsHeading: string;
  notYet: (what: string) => string;
  notYetWhat: { transfers: string; holds: string; auditVerification: string };
  staffHeading: string;
  /** The staff reminder (staff-store.ts staffReminder, in English). */
  staff: {
    none: string;
    all: (n: string) => string;
    due: (due: string, total: string, who: string) => string;
    who: (name: string, id: string, never: boolean) => string;
    workstations: string;
  };
  /** The routine-viewing section (viewing-review.ts, in English). */
  routine: {
    rule: (days: string, playbackDays: string, liveDays: string) => string;
    none: string;
    flag: (actor: string, playbackDays: string | null, liveDays: string | null, days: string, cameras: string, incident: string) => string;
  };
  routineHeading: string;
  activityHeading: string;
  activity: readonly [string, string, string, string];
  auditHeading: string;
  auditEntries: (n: string, last: string | null) => string;
  lastVerification: string;
}

export const REPORT_TEXT: Translated<ReportText> = {
  en: {
    sep: ': ',
    title: 'Record of processing: video surveillance',
    pageTitle: (b) => `${b}: record of processing`,
    generated: (at) => `Generated ${at} by Premises from the configuration and the index.`,
    compliant: 'Compliant: every camera passes every consent gate and its sign is up.',
    notCompliant: (n, p) => `NOT compliant: ${n} thing(s) to fix: ${p}.`,
    problemCamera: (c, w) => `camera ${c}: ${w}`,
    problemSign: (w) => `sign: ${w}`,
    problemStaleSign: (k) => `${k} sign: STALE: print it again, post it, then confirm`,
    controller: 'Controller',
    business: 'Business',
    address: 'Address',
    contact: 'Accountable contact',
    viewers: 'Who may view footage',
    defaultViewers: (n) => `${n} and people they authorise`,
    noBusiness: 'No business profile configured: no camera records until one exists.',
    profile: 'Jurisdiction profile',
    retention: (d, cap, limit) => `Default retention: ${d}; cap without a stored justification: ${cap}${limit !== null ? `; limit no justification lifts: ${limit}` : ''}`,
    accessWithin: 'Access requests answered within',
    timezone: 'Time zone for schedules',
    cameras: 'Cameras',
    noCameras: 'No cameras are configured.',
    columns: ['Camera', 'Area', 'Purposes', 'Retention (cap)', 'Schedule', 'Masks', 'Audio', 'Signage', 'May record'],
    notSet: 'not set',
    none: 'none',
    capped: (p, c) => `${p} (${c})`,
    overCap: ' OVER CAP',
    mayDisabled: 'no: disabled',
    mayFailing: (codes) => `no: ${codes}`,
    paused: 'paused',
    yes: 'yes',
    on: 'on',
    off: 'off',
    noSign: 'no sign: never recorded area',
    masks: (n, by) => `${n} area(s) blacked out${by ? `, ${by}` : ''}`,
    sign: {
      stale: (r) => `STALE: ${r ?? 'what the posted sign says changed'}; print it again, post it, then confirm`,
      current: (c) => `Posted and current${c ? ` (confirmed ${c.day} by ${c.by})` : ''}`,
      postedPending: (l, d, by) => `Posted (posted at ${l} on ${d}, confirmed by ${by}); a newer print waits for confirmation`,
      printedUnconfirmed: 'Printed, not confirmed as posted',
      postedNotPrinted: (l, d, by) => `Posted (posted at ${l} on ${d}, confirmed by ${by}); print the notice from Premises so the sign lists retention and transfers`,
      noneRecorded: 'No sign recorded as posted',
    },
    gatesHeading: 'Consent gates failing',
    gatesNone: 'None: every camera passes every gate.',
    audioHeading: 'Audio',
    audioOffAll: 'Audio is off on every camera.',
    audioLine: (c, j, ack) => `${c}: justification: ${j ?? 'none given'}; interception warning acknowledged: ${ack ? 'yes' : 'no'}`,
    diningHeading: 'Customer seating (dining)',
    diningLine: (c, j) => `${c}: ${j ? `justification: ${j}` : 'no justification: off'}`,
    signageHeading: 'Signage',
    signsNone: 'No signs are called for.',
    signStatus: {
      current: (at, by) => `current (posted, confirmed ${at} by ${by})`,
      staleReprinted: (r) => `STALE: ${r ?? 'the configuration changed what it says'}; reprinted, waiting for premises signage confirm`,
      stale: (r) => `STALE: ${r ?? 'the configuration changed what it says'}; reprint with premises signage and confirm`,
      unconfirmed: 'printed, posting not confirmed yet (premises signage confirm)',
      missing: 'not printed yet (premises signage)',
    },
    countedAsUp: (l, d) => `; counted as up: the configuration records it posted at ${l} on ${d}`,
    staleSigns: (n, keys) => `${n} stale sign(s): ${keys}.`,
    pausesHeading: 'Privacy pauses in force',
    noneFound: 'None.',
    pauseLine: (c, since, by, span, reason) => `${c}: since ${since} by ${by}, ${span}: ${reason}`,
    untilResumed: 'until resumed',
    forSpan: (d, until) => `for ${d} (until ${until})`,
    recipientsHeading: 'Recipients and transfers',
    recipients: 'Recipients',
    transferPolicies: 'Transfer policies',
    cameraConnections: "The cameras' own connections",
    holdsHeading: 'Holds',
    notYet: (what) => `Not available yet (${what}: not built in this version of Premises).`,
    notYetWhat: { transfers: 'transfer policies', holds: 'holds on footage', auditVerification: 'audit chain verification' },
    staffHeading: 'Staff notices',
    staff: {
      none: 'No staff recorded (premises staff add).',
      all: (n) => `All ${n} staff member(s) acknowledged their current notice.`,
      due: (due, total, who) => `${due} of ${total} staff member(s) must acknowledge their current notice: ${who}. Print it with premises staff notice ID and record the signature with premises staff ack.`,
      who: (name, id, never) => `${name} (${id}: ${never ? 'never acknowledged' : 'notice changed since signed'})`,
      workstations: 'Workstations flagged for review:',
    },
    routine: {
      rule: (d, p, l) =>
        `Flagged: a user who, in the last ${d} days, viewed recordings with a routine reason ("other") on ${p} or more days, or watched live on ${l} or more days. Recordings are for investigating incidents; ask the user why, and record an incident reason when there is one.`,
      none: 'None flagged.',
      flag: (a, p, l, d, cams, i) =>
        `${a} ${[...(p !== null ? [`viewed recordings without an incident reason on ${p} days`] : []), ...(l !== null ? [`watched live on ${l} days`] : [])].join(' and ')} of the last ${d} (cameras ${cams}; ${i} viewing(s) for an incident reason)`,
    },
    routineHeading: 'Routine viewing (last 30 days)',
    activityHeading: 'Activity index',
    activity: [
      'What: for each stored segment, which cells of a 16 × 9 grid over the picture changed between keyframes, so an incident can be found by place and time. Cells under privacy masks never count.',
      'What it is not: no image, no pixel values, no faces or identities — only "something changed here at this time".',
      'How long: each entry is deleted together with the footage it describes and kept only while that footage is kept or held.',
      'Who: users with the playback right on the camera; every search is recorded in the audit log.',
    ],
    auditHeading: 'Audit log',
    auditEntries: (n, last) => `Entries: ${n}${last !== null ? `, last at ${last}` : ''}`,
    lastVerification: 'Last verification',
  },
  fr: {
    sep: ' : ',
    title: 'Registre des activités de traitement : vidéosurveillance',
    pageTitle: (b) => `${b} : registre des activités de traitement`,
    generated: (at) => `Établi le ${at} par Premises à partir de la configuration et de l'index.`,
    compliant: 'Conforme : chaque caméra remplit toutes les conditions préalables à l’enregistrement et son affiche est posée.',
    notCompliant: (n, p) => `NON conforme : ${n} point(s) à corriger : ${p}.`,
    problemCamera: (c, w) => `caméra ${c} : ${w}`,
    problemSign: (w) => `affiche : ${w}`,
    problemStaleSign: (k) => `affiche ${k} : PÉRIMÉE : imprimez-la de nouveau, posez-la, puis confirmez`,
    controller: 'Responsable du traitement',
    business: 'Entreprise',
    address: 'Adresse',
    contact: 'Personne responsable à contacter',
    viewers: 'Personnes autorisées à visionner les images',
    defaultViewers: (n) => `${n} et les personnes qu'il ou elle autorise`,
    noBusiness: "Aucun profil d'entreprise n'est configuré : aucune caméra n'enregistre tant qu'il n'en existe pas.",
    profile: 'Régime juridique',
    retention: (d, cap, limit) =>
      `Durée de conservation par défaut : ${d} ; plafond sans justification consignée : ${cap}${limit !== null ? ` ; limite qu'aucune justification ne permet de dépasser : ${limit}` : ''}`,
    accessWithin: "Délai de réponse aux demandes d'accès",
    timezone: "Fuseau horaire des plages d'enregistrement",
    cameras: 'Caméras',
    noCameras: "Aucune caméra n'est configurée.",
    columns: ['Caméra', 'Zone', 'Finalités', 'Conservation (plafond)', "Plages d'enregistrement", 'Masques', 'Son', 'Affichage', 'Peut enregistrer'],
    notSet: 'non précisée',
    none: 'aucune',
    capped: (p, c) => `${p} (plafond : ${c})`,
    overCap: ' AU-DELÀ DU PLAFOND',
    mayDisabled: 'non : désactivée',
    mayFailing: (codes) => `non : ${codes}`,
    paused: 'en pause',
    yes: 'oui',
    on: 'activé',
    off: 'désactivé',
    noSign: "pas d'affiche : zone jamais filmée",
    masks: (n, by) => `${n} zone(s) masquée(s)${by ? `, ${by}` : ''}`,
    sign: {
      stale: (r) => `PÉRIMÉE : ${r ?? "ce que dit l'affiche posée a changé"} ; imprimez-la de nouveau, posez-la, puis confirmez`,
      current: (c) => `Posée et à jour${c ? ` (confirmée le ${c.day} par ${c.by})` : ''}`,
      postedPending: (l, d, by) => `Posée (à ${l} le ${d}, confirmée par ${by}) ; une impression plus récente attend sa confirmation`,
      printedUnconfirmed: 'Imprimée, pose non confirmée',
      postedNotPrinted: (l, d, by) => `Posée (à ${l} le ${d}, confirmée par ${by}) ; imprimez l'avis depuis Premises pour que l'affiche indique la conservation et les transferts`,
      noneRecorded: "Aucune affiche enregistrée comme posée",
    },
    gatesHeading: "Conditions préalables à l'enregistrement non remplies",
    gatesNone: 'Aucune : chaque caméra remplit toutes les conditions.',
    audioHeading: 'Son',
    audioOffAll: 'Le son est désactivé sur toutes les caméras.',
    audioLine: (c, j, ack) => `${c} : justification : ${j ?? 'aucune'} ; avertissement relatif à l'interception des communications reconnu : ${ack ? 'oui' : 'non'}`,
    diningHeading: 'Places assises de la clientèle (salle)',
    diningLine: (c, j) => `${c} : ${j ? `justification : ${j}` : 'aucune justification : désactivée'}`,
    signageHeading: 'Affichage',
    signsNone: "Aucune affiche n'est requise.",
    signStatus: {
      current: (at, by) => `à jour (posée, confirmée le ${at} par ${by})`,
      staleReprinted: (r) => `PÉRIMÉE : ${r ?? 'la configuration a changé ce qu’elle dit'} ; réimprimée, en attente de premises signage confirm`,
      stale: (r) => `PÉRIMÉE : ${r ?? 'la configuration a changé ce qu’elle dit'} ; réimprimez-la avec premises signage et confirmez`,
      unconfirmed: 'imprimée, pose pas encore confirmée (premises signage confirm)',
      missing: 'pas encore imprimée (premises signage)',
    },
    countedAsUp: (l, d) => ` ; considérée comme posée : la configuration indique qu'elle a été posée à ${l} le ${d}`,
    staleSigns: (n, keys) => `${n} affiche(s) périmée(s) : ${keys}.`,
    pausesHeading: 'Pauses de confidentialité en cours',
    noneFound: 'Aucune.',
    pauseLine: (c, since, by, span, reason) => `${c} : depuis le ${since}, par ${by}, ${span} : ${reason}`,
    untilResumed: "jusqu'à la reprise",
    forSpan: (d, until) => `pour ${d} (jusqu'au ${until})`,
    recipientsHeading: 'Destinataires et transferts',
    recipients: 'Destinataires',
    transferPolicies: 'Règles de transfert',
    cameraConnections: 'Connexions propres des caméras',
    holdsHeading: 'Gels de suppression',
    notYet: (what) => `Pas encore disponible (${what} : non intégré à cette version de Premises).`,
    notYetWhat: { transfers: 'règles de transfert', holds: 'gels de suppression des images', auditVerification: "vérification de la chaîne d'audit" },
    staffHeading: "Notices d'information du personnel",
    staff: {
      none: 'Aucun membre du personnel enregistré (premises staff add).',
      all: (n) => `Les ${n} membre(s) du personnel ont signé leur notice d'information en vigueur.`,
      due: (due, total, who) =>
        `${due} membre(s) du personnel sur ${total} doivent signer leur notice d'information en vigueur : ${who}. Imprimez-la avec premises staff notice ID et enregistrez la signature avec premises staff ack.`,
      who: (name, id, never) => `${name} (${id} : ${never ? 'jamais signée' : 'notice modifiée depuis la signature'})`,
      workstations: 'Postes de travail signalés pour examen :',
    },
    routine: {
      rule: (d, p, l) =>
        `Signalement : un utilisateur qui, au cours des ${d} derniers jours, a visionné des enregistrements pour un motif de routine (« autre ») ${p} jours ou plus, ou regardé le direct ${l} jours ou plus. Les enregistrements servent à enquêter sur des incidents ; demandez-lui pourquoi et consignez un motif d'incident lorsqu'il y en a un.`,
      none: 'Aucun utilisateur signalé.',
      flag: (a, p, l, d, cams, i) =>
        `${a} ${[...(p !== null ? [`a visionné des enregistrements sans motif d'incident ${p} jours`] : []), ...(l !== null ? [`a regardé le direct ${l} jours`] : [])].join(' et ')} sur les ${d} derniers jours (caméras ${cams} ; ${i} visionnage(s) pour un motif d'incident)`,
    },
    routineHeading: 'Visionnage de routine (30 derniers jours)',
    activityHeading: "Index d'activité",
    activity: [
      "Quoi : pour chaque segment conservé, les cellules d'une grille de 16 × 9 sur l'image qui ont changé entre images clés, afin de retrouver un incident par lieu et par heure. Les cellules sous un masque de confidentialité ne comptent jamais.",
      'Ce que ce n’est pas : aucune image, aucune valeur de pixel, aucun visage ni aucune identité — seulement « quelque chose a changé ici à ce moment ».',
      "Durée : chaque entrée est supprimée avec les images qu'elle décrit et n'est conservée que tant que ces images sont conservées ou gelées.",
      "Qui : les utilisateurs disposant du droit de relecture sur la caméra ; chaque recherche est consignée dans le journal d'audit.",
    ],
    auditHeading: "Journal d'audit",
    auditEntries: (n, last) => `Entrées : ${n}${last !== null ? `, dernière le ${last}` : ''}`,
    lastVerification: 'Dernière vérification',
  },
  es: {
    sep: ': ',
    title: 'Registro de actividades de tratamiento: videovigilancia',
    pageTitle: (b) => `${b}: registro de actividades de tratamiento`,
    generated: (at) => `Generado el ${at} por Premises a partir de la configuración y del índice.`,
    compliant: 'Conforme: todas las cámaras cumplen todas las condiciones previas a la grabación y tienen su cartel colocado.',
    notCompliant: (n, p) => `NO conforme: ${n} aspecto(s) que corregir: ${p}.`,
    problemCamera: (c, w) => `cámara ${c}: ${w}`,
    problemSign: (w) => `cartel: ${w}`,
    problemStaleSign: (k) => `cartel ${k}: DESACTUALIZADO: imprímalo de nuevo, colóquelo y confírmelo`,
    controller: 'Responsable del tratamiento',
    business: 'Empresa',
    address: 'Dirección',
    contact: 'Persona de contacto responsable',
    viewers: 'Quién puede ver las imágenes',
    defaultViewers: (n) => `${n} y las personas a las que autorice`,
    noBusiness: 'No hay ningún perfil de empresa configurado: ninguna cámara graba hasta que exista uno.',
    profile: 'Perfil de jurisdicción',
    retention: (d, cap, limit) =>
      `Conservación por defecto: ${d}; límite sin justificación registrada: ${cap}${limit !== null ? `; límite que ninguna justificación permite superar: ${limit}` : ''}`,
    accessWithin: 'Plazo de respuesta a las solicitudes de acceso',
    timezone: 'Zona horaria de los horarios',
    cameras: 'Cámaras',
    noCameras: 'No hay cámaras configuradas.',
    columns: ['Cámara', 'Zona', 'Finalidades', 'Conservación (límite)', 'Horario', 'Máscaras', 'Sonido', 'Señalización', 'Puede grabar'],
    notSet: 'no indicada',
    none: 'ninguna',
    capped: (p, c) => `${p} (límite: ${c})`,
    overCap: ' SUPERA EL LÍMITE',
    mayDisabled: 'no: desactivada',
    mayFailing: (codes) => `no (${codes})`,
    paused: 'en pausa',
    yes: 'sí',
    on: 'activado',
    off: 'desactivado',
    noSign: 'sin cartel: zona que nunca se graba',
    masks: (n, by) => `${n} zona(s) ocultada(s)${by ? `, ${by}` : ''}`,
    sign: {
      stale: (r) => `DESACTUALIZADO: ${r ?? 'ha cambiado lo que dice el cartel colocado'}; imprímalo de nuevo, colóquelo y confírmelo`,
      current: (c) => `Colocado y actualizado${c ? ` (confirmado el ${c.day} por ${c.by})` : ''}`,
      postedPending: (l, d, by) => `Colocado (en ${l} el ${d}, confirmado por ${by}); una impresión más reciente espera confirmación`,
      printedUnconfirmed: 'Impreso, colocación no confirmada',
      postedNotPrinted: (l, d, by) => `Colocado (en ${l} el ${d}, confirmado por ${by}); imprima el aviso desde Premises para que el cartel indique la conservación y las transferencias`,
      noneRecorded: 'Ningún cartel registrado como colocado',
    },
    gatesHeading: 'Condiciones previas a la grabación no cumplidas',
    gatesNone: 'Ninguna: todas las cámaras cumplen todas las condiciones.',
    audioHeading: 'Sonido',
    audioOffAll: 'El sonido está desactivado en todas las cámaras.',
    audioLine: (c, j, ack) => `${c}: justificación: ${j ?? 'ninguna'}; advertencia sobre la interceptación de comunicaciones aceptada: ${ack ? 'sí' : 'no'}`,
    diningHeading: 'Zona de mesas de la clientela (comedor)',
    diningLine: (c, j) => `${c}: ${j ? `justificación: ${j}` : 'sin justificación: desactivada'}`,
    signageHeading: 'Señalización',
    signsNone: 'No se requiere ningún cartel.',
    signStatus: {
      current: (at, by) => `actualizado (colocado, confirmado el ${at} por ${by})`,
      staleReprinted: (r) => `DESACTUALIZADO: ${r ?? 'la configuración ha cambiado lo que dice'}; reimpreso, pendiente de premises signage confirm`,
      stale: (r) => `DESACTUALIZADO: ${r ?? 'la configuración ha cambiado lo que dice'}; reimprímalo con premises signage y confírmelo`,
      unconfirmed: 'impreso, colocación aún no confirmada (premises signage confirm)',
      missing: 'aún no impreso (premises signage)',
    },
    countedAsUp: (l, d) => `; se considera colocado: la configuración indica que se colocó en ${l} el ${d}`,
    staleSigns: (n, keys) => `${n} cartel(es) desactualizado(s): ${keys}.`,
    pausesHeading: 'Pausas de privacidad en vigor',
    noneFound: 'Ninguna.',
    pauseLine: (c, since, by, span, reason) => `${c}: desde el ${since}, por ${by}, ${span}: ${reason}`,
    untilResumed: 'hasta que se reanude',
    forSpan: (d, until) => `durante ${d} (hasta el ${until})`,
    recipientsHeading: 'Destinatarios y transferencias',
    recipients: 'Destinatarios',
    transferPolicies: 'Políticas de transferencia',
    cameraConnections: 'Conexiones propias de las cámaras',
    holdsHeading: 'Bloqueos de supresión',
    notYet: (what) => `Aún no disponible (${what}: no incluido en esta versión de Premises).`,
    notYetWhat: { transfers: 'políticas de transferencia', holds: 'bloqueos de supresión de imágenes', auditVerification: 'verificación de la cadena de auditoría' },
    staffHeading: 'Avisos al personal',
    staff: {
      none: 'Ningún miembro del personal registrado (premises staff add).',
      all: (n) => `Los ${n} miembro(s) del personal han firmado su aviso vigente.`,
      due: (due, total, who) => `${due} de ${total} miembro(s) del personal deben firmar su aviso vigente: ${who}. Imprímalo con premises staff notice ID y registre la firma con premises staff ack.`,
      who: (name, id, never) => `${name} (${id}: ${never ? 'nunca firmado' : 'aviso modificado desde la firma'})`,
      workstations: 'Puestos de trabajo señalados para revisión:',
    },
    routine: {
      rule: (d, p, l) =>
        `Se señala a un usuario que, en los últimos ${d} días, vio grabaciones por un motivo rutinario («otro») ${p} días o más, o vio el directo ${l} días o más. Las grabaciones sirven para investigar incidentes; pregúntele el motivo y anote un motivo de incidente cuando lo haya.`,
      none: 'Ningún usuario señalado.',
      flag: (a, p, l, d, cams, i) =>
        `${a} ${[...(p !== null ? [`vio grabaciones sin motivo de incidente ${p} días`] : []), ...(l !== null ? [`vio el directo ${l} días`] : [])].join(' y ')} de los últimos ${d} (cámaras ${cams}; ${i} visualización(es) por motivo de incidente)`,
    },
    routineHeading: 'Visualización rutinaria (últimos 30 días)',
    activityHeading: 'Índice de actividad',
    activity: [
      'Qué: para cada segmento almacenado, qué celdas de una cuadrícula de 16 × 9 sobre la imagen cambiaron entre fotogramas clave, para poder localizar un incidente por lugar y hora. Las celdas bajo máscaras de privacidad nunca cuentan.',
      'Qué no es: ninguna imagen, ningún valor de píxel, ningún rostro ni identidad; solo «algo cambió aquí en este momento».',
      'Cuánto tiempo: cada entrada se suprime junto con las imágenes que describe y solo se conserva mientras esas imágenes se conserven o estén bloqueadas.',
      'Quién: los usuarios con derecho de reproducción sobre la cámara; cada búsqueda queda anotada en el registro de auditoría.',
    ],
    auditHeading: 'Registro de auditoría',
    auditEntries: (n, last) => `Entradas: ${n}${last !== null ? `, la última el ${last}` : ''}`,
    lastVerification: 'Última verificación',
  },
  'zh-Hans': {
    sep: '：',
    title: '处理活动记录：视频监控',
    pageTitle: (b) => `${b}：处理活动记录`,
    generated: (at) => `由 Premises 于 ${at} 根据配置和索引生成。`,
    compliant: '合规：每个摄像头均通过全部录制前提条件，且告示已张贴。',
    notCompliant: (n, p) => `不合规：有 ${n} 项需要纠正：${p}。`,
    problemCamera: (c, w) => `摄像头 ${c}：${w}`,
    problemSign: (w) => `告示：${w}`,
    problemStaleSign: (k) => `告示 ${k}：已过时：请重新打印、张贴并确认`,
    controller: '控制者',
    business: '企业',
    address: '地址',
    contact: '负责联系人',
    viewers: '可查看录像的人员',
    defaultViewers: (n) => `${n}及其授权人员`,
    noBusiness: '尚未配置企业资料：在配置之前，任何摄像头都不会录制。',
    profile: '法域配置',
    retention: (d, cap, limit) => `默认保存期限：${d}；无已记录理由时的上限：${cap}${limit !== null ? `；任何理由均不得超过的期限：${limit}` : ''}`,
    accessWithin: '查阅请求答复期限',
    timezone: '录制时段所用时区',
    cameras: '摄像头',
    noCameras: '未配置任何摄像头。',
    columns: ['摄像头', '区域', '目的', '保存期限（上限）', '录制时段', '遮蔽', '音频', '告示', '可否录制'],
    notSet: '未设置',
    none: '无',
    capped: (p, c) => `${p}（上限 ${c}）`,
    overCap: ' 超过上限',
    mayDisabled: '否：已停用',
    mayFailing: (codes) => `否：${codes}`,
    paused: '已暂停',
    yes: '是',
    on: '开启',
    off: '关闭',
    noSign: '无告示：从不录制的区域',
    masks: (n, by) => `${n} 个区域已遮蔽${by ? `，${by}` : ''}`,
    sign: {
      stale: (r) => `已过时：${r ?? '已张贴告示的内容已变化'}；请重新打印、张贴并确认`,
      current: (c) => `已张贴且为最新${c ? `（${c.by} 于 ${c.day} 确认）` : ''}`,
      postedPending: (l, d, by) => `已张贴（${d} 张贴于 ${l}，由 ${by} 确认）；较新的打印版本等待确认`,
      printedUnconfirmed: '已打印，尚未确认张贴',
      postedNotPrinted: (l, d, by) => `已张贴（${d} 张贴于 ${l}，由 ${by} 确认）；请从 Premises 打印告示，使告示列明保存期限和传输`,
      noneRecorded: '没有记录为已张贴的告示',
    },
    gatesHeading: '未满足的录制前提条件',
    gatesNone: '无：所有摄像头均满足全部条件。',
    audioHeading: '音频',
    audioOffAll: '所有摄像头均未录制音频。',
    audioLine: (c, j, ack) => `${c}：理由：${j ?? '未提供'}；已确认窃听警告：${ack ? '是' : '否'}`,
    diningHeading: '顾客就座区（用餐区）',
    diningLine: (c, j) => `${c}：${j ? `理由：${j}` : '无理由：关闭'}`,
    signageHeading: '告示',
    signsNone: '无需张贴告示。',
    signStatus: {
      current: (at, by) => `最新（已张贴，${by} 于 ${at} 确认）`,
      staleReprinted: (r) => `已过时：${r ?? '配置已改变其内容'}；已重新打印，等待 premises signage confirm`,
      stale: (r) => `已过时：${r ?? '配置已改变其内容'}；请用 premises signage 重新打印并确认`,
      unconfirmed: '已打印，尚未确认张贴（premises signage confirm）',
      missing: '尚未打印（premises signage）',
    },
    countedAsUp: (l, d) => `；视为已张贴：配置记录其于 ${d} 张贴于 ${l}`,
    staleSigns: (n, keys) => `${n} 份告示已过时：${keys}。`,
    pausesHeading: '生效中的隐私暂停',
    noneFound: '无。',
    pauseLine: (c, since, by, span, reason) => `${c}：自 ${since} 起，由 ${by} 设置，${span}：${reason}`,
    untilResumed: '直至恢复',
    forSpan: (d, until) => `为期 ${d}（至 ${until}）`,
    recipientsHeading: '接收方与传输',
    recipients: '接收方',
    transferPolicies: '传输政策',
    cameraConnections: '摄像头自身的网络连接',
    holdsHeading: '暂停删除（保全）',
    notYet: (what) => `暂不可用（${what}：此版本的 Premises 尚未提供）。`,
    notYetWhat: { transfers: '传输政策', holds: '录像保全', auditVerification: '审计链验证' },
    staffHeading: '员工告知书',
    staff: {
      none: '尚未登记任何员工（premises staff add）。',
      all: (n) => `全部 ${n} 名员工均已确认其现行告知书。`,
      due: (due, total, who) => `${total} 名员工中有 ${due} 名须确认其现行告知书：${who}。请用 premises staff notice ID 打印，并用 premises staff ack 记录签名。`,
      who: (name, id, never) => `${name}（${id}：${never ? '从未确认' : '签署后告知书已变更'}）`,
      workstations: '需审查的工位：',
    },
    routine: {
      rule: (d, p, l) => `标记规则：在最近 ${d} 天内，以例行原因（“其他”）查看录像达 ${p} 天或以上，或观看实时画面达 ${l} 天或以上的用户。录像仅用于调查事件；请询问该用户原因，如有事件原因请予以记录。`,
      none: '没有用户被标记。',
      flag: (a, p, l, d, cams, i) =>
        `${a} 在最近 ${d} 天中${[...(p !== null ? [`有 ${p} 天在无事件原因的情况下查看录像`] : []), ...(l !== null ? [`有 ${l} 天观看实时画面`] : [])].join('，并')}（摄像头 ${cams}；${i} 次因事件原因查看）`,
    },
    routineHeading: '例行查看（最近 30 天）',
    activityHeading: '活动索引',
    activity: [
      '内容：对每个已存储的片段，记录画面上 16 × 9 网格中哪些单元格在关键帧之间发生了变化，以便按地点和时间查找事件。隐私遮蔽下的单元格从不计入。',
      '不包含：没有图像、没有像素值、没有人脸或身份信息——只有“此时此处有变化”。',
      '保存期限：每条记录与其描述的录像一同删除，仅在该录像被保存或保全期间保留。',
      '可访问人员：对该摄像头拥有回放权限的用户；每次搜索都会记入审计日志。',
    ],
    auditHeading: '审计日志',
    auditEntries: (n, last) => `条目：${n}${last !== null ? `，最近一条于 ${last}` : ''}`,
    lastVerification: '最近一次验证',
  },
  'zh-Hant': {
    sep: '：',
    title: '處理活動紀錄：影像監視',
    pageTitle: (b) => `${b}：處理活動紀錄`,
    generated: (at) => `由 Premises 於 ${at} 依設定及索引產生。`,
    compliant: '合規：每部攝影機皆符合全部錄製前提條件，且告示已張貼。',
    notCompliant: (n, p) => `不合規：有 ${n} 項需要修正：${p}。`,
    problemCamera: (c, w) => `攝影機 ${c}：${w}`,
    problemSign: (w) => `告示：${w}`,
    problemStaleSign: (k) => `告示 ${k}：已過時：請重新列印、張貼並確認`,
    controller: '控制者',
    business: '企業',
    address: '地址',
    contact: '負責聯絡人',
    viewers: '可查看錄影之人員',
    defaultViewers: (n) => `${n}及其授權人員`,
    noBusiness: '尚未設定企業資料：在設定之前，任何攝影機皆不會錄製。',
    profile: '法域設定',
    retention: (d, cap, limit) => `預設保存期限：${d}；無已記錄理由時之上限：${cap}${limit !== null ? `；任何理由皆不得超過之期限：${limit}` : ''}`,
    accessWithin: '查閱請求答覆期限',
    timezone: '錄製時段所用時區',
    cameras: '攝影機',
    noCameras: '未設定任何攝影機。',
    columns: ['攝影機', '區域', '目的', '保存期限（上限）', '錄製時段', '遮蔽', '音訊', '告示', '可否錄製'],
    notSet: '未設定',
    none: '無',
    capped: (p, c) => `${p}（上限 ${c}）`,
    overCap: ' 超過上限',
    mayDisabled: '否：已停用',
    mayFailing: (codes) => `否：${codes}`,
    paused: '已暫停',
    yes: '是',
    on: '開啟',
    off: '關閉',
    noSign: '無告示：從不錄製之區域',
    masks: (n, by) => `${n} 個區域已遮蔽${by ? `，${by}` : ''}`,
    sign: {
      stale: (r) => `已過時：${r ?? '已張貼告示之內容已變更'}；請重新列印、張貼並確認`,
      current: (c) => `已張貼且為最新${c ? `（${c.by} 於 ${c.day} 確認）` : ''}`,
      postedPending: (l, d, by) => `已張貼（${d} 張貼於 ${l}，由 ${by} 確認）；較新之列印版本等待確認`,
      printedUnconfirmed: '已列印，尚未確認張貼',
      postedNotPrinted: (l, d, by) => `已張貼（${d} 張貼於 ${l}，由 ${by} 確認）；請從 Premises 列印告示，使告示載明保存期限及傳輸`,
      noneRecorded: '沒有記錄為已張貼之告示',
    },
    gatesHeading: '未符合之錄製前提條件',
    gatesNone: '無：所有攝影機皆符合全部條件。',
    audioHeading: '音訊',
    audioOffAll: '所有攝影機皆未錄製音訊。',
    audioLine: (c, j, ack) => `${c}：理由：${j ?? '未提供'}；已確認竊聽警告：${ack ? '是' : '否'}`,
    diningHeading: '顧客座位區（用餐區）',
    diningLine: (c, j) => `${c}：${j ? `理由：${j}` : '無理由：關閉'}`,
    signageHeading: '告示',
    signsNone: '無需張貼告示。',
    signStatus: {
      current: (at, by) => `最新（已張貼，${by} 於 ${at} 確認）`,
      staleReprinted: (r) => `已過時：${r ?? '設定已變更其內容'}；已重新列印，等待 premises signage confirm`,
      stale: (r) => `已過時：${r ?? '設定已變更其內容'}；請以 premises signage 重新列印並確認`,
      unconfirmed: '已列印，尚未確認張貼（premises signage confirm）',
      missing: '尚未列印（premises signage）',
    },
    countedAsUp: (l, d) => `；視為已張貼：設定記錄其於 ${d} 張貼於 ${l}`,
    staleSigns: (n, keys) => `${n} 份告示已過時：${keys}。`,
    pausesHeading: '生效中之隱私暫停',
    noneFound: '無。',
    pauseLine: (c, since, by, span, reason) => `${c}：自 ${since} 起，由 ${by} 設定，${span}：${reason}`,
    untilResumed: '直至恢復',
    forSpan: (d, until) => `為期 ${d}（至 ${until}）`,
    recipientsHeading: '接收方與傳輸',
    recipients: '接收方',
    transferPolicies: '傳輸政策',
    cameraConnections: '攝影機本身的網路連線',
    holdsHeading: '暫停刪除（保全）',
    notYet: (what) => `暫不可用（${what}：此版本之 Premises 尚未提供）。`,
    notYetWhat: { transfers: '傳輸政策', holds: '錄影保全', auditVerification: '稽核鏈驗證' },
    staffHeading: '員工告知書',
    staff: {
      none: '尚未登記任何員工（premises staff add）。',
      all: (n) => `全部 ${n} 名員工皆已確認其現行告知書。`,
      due: (due, total, who) => `${total} 名員工中有 ${due} 名須確認其現行告知書：${who}。請以 premises staff notice ID 列印，並以 premises staff ack 記錄簽名。`,
      who: (name, id, never) => `${name}（${id}：${never ? '從未確認' : '簽署後告知書已變更'}）`,
      workstations: '需審查之工作站：',
    },
    routine: {
      rule: (d, p, l) => `標記規則：於最近 ${d} 天內，以例行原因（「其他」）查看錄影達 ${p} 天或以上，或觀看即時畫面達 ${l} 天或以上之使用者。錄影僅用於調查事件；請詢問該使用者原因，如有事件原因請予以記錄。`,
      none: '沒有使用者被標記。',
      flag: (a, p, l, d, cams, i) =>
        `${a} 於最近 ${d} 天中${[...(p !== null ? [`有 ${p} 天在無事件原因之情況下查看錄影`] : []), ...(l !== null ? [`有 ${l} 天觀看即時畫面`] : [])].join('，並')}（攝影機 ${cams}；${i} 次因事件原因查看）`,
    },
    routineHeading: '例行查看（最近 30 天）',
    activityHeading: '活動索引',
    activity: [
      '內容：對每個已儲存之片段，記錄畫面上 16 × 9 網格中哪些儲存格於關鍵影格之間發生變化，以便依地點及時間查找事件。隱私遮蔽下之儲存格從不計入。',
      '不包含：沒有影像、沒有像素值、沒有人臉或身分資訊——只有「此時此處有變化」。',
      '保存期限：每筆記錄與其描述之錄影一同刪除，僅於該錄影被保存或保全期間保留。',
      '可存取人員：對該攝影機具有回放權限之使用者；每次搜尋皆記入稽核日誌。',
    ],
    auditHeading: '稽核日誌',
    auditEntries: (n, last) => `條目：${n}${last !== null ? `，最近一筆於 ${last}` : ''}`,
    lastVerification: '最近一次驗證',
  },
};
