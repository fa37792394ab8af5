import type { AreaType } from '../../config/schema.js';
import type { Translated } from '../../shared/languages.js';

/**
 * What the privacy impact and legitimate-interest assessment says in words of
 * its own, in every document language (src/shared/languages.ts). Typed
 * `Translated<…>`, so a language without a sentence is a type error. The
 * owner's answers and the business's own texts are printed as written; law
 * references are kept exactly (article numbers, names of authorities).
 *
 * The English catalog is the text Premises has always printed, word for
 * word: English documents do not change with this catalog.
 */
export type DpiaQuestionKey = 'problem' | 'necessity' | 'alternatives' | 'balancing' | 'consultation';

/** How a masked camera's areas are blacked out (recorder/camera-masks.ts), without the words. */
export type MaskingWay = { by: 'pending' } | { by: 'camera'; verifiedAt: number | null } | { by: 'premises' };

/** The cameras' own network (containment/status.ts), without the words. */
export type ContainmentFact = { mode: 'contained'; interface: string; subnet: string } | { mode: 'failed'; summary: string } | { mode: 'not-contained' };

export interface DpiaText {
  /** Between a label and its value (": ", French " : ", Chinese "："). */
  sep: string;
  /** The document's name; Quebec's law calls it an EFVP (Law 25, s.3.3). */
  title: (quebec: boolean) => string;
  /** The assessment's short name, as the record of processing heads its section. */
  name: (quebec: boolean) => string;
  savedLine: (version: string, at: string, by: string, sha256: string) => string;
  draftLine: (at: string) => string;
  review: {
    missing: string;
    overdue: (version: string, saved: string, due: string) => string;
    changed: (version: string, saved: string) => string;
    current: (version: string, saved: string, by: string, due: string) => string;
  };
  controllerHeading: string;
  business: string;
  notConfigured: string;
  contact: string;
  jurisdiction: string;
  recordedHeading: string;
  noCameras: string;
  columns: readonly [string, string, string, string, string, string, string, string];
  disabled: string;
  notSet: string;
  none: string;
  legalBasisNotPrinted: string;
  justificationsOnRecord: string;
  justDining: (text: string) => string;
  justRetention: (text: string) => string;
  audioOn: (justification: string | null) => string;
  audioOff: string;
  masks: (n: string, by: string | null) => string;
  maskedBy: { pending: string; camera: (verified: string | null) => string; premises: string };
  legitimateInterests: string;
  areas: Readonly<Record<AreaType, string>>;
  workstationsHeading: string;
  workstationFlag: (camera: string, area: string, jurisdiction: string, basis: string, masked: boolean) => string;
  whoHeading: string;
  whoMayView: (list: string) => string;
  viewersDefault: (name: string | null) => string;
  recipients: string;
  transfers: string;
  recipientsNone: string;
  transfersNone: string;
  transfersList: (items: string) => string;
  recipientsList: (list: string) => string;
  connections: string;
  containment: (c: ContainmentFact) => string;
  safeguardsHeading: string;
  accessRequests: (n: string, open: string, overdue: string) => string;
  staffInformed: (acknowledged: string, count: string) => string;
  routineFlags: (n: string) => string;
  deletion: string;
  ownerHeading: string;
  optional: string;
  question: (text: string) => string;
  notAnswered: string;
  questions: Readonly<Record<DpiaQuestionKey, { title: string; question: string }>>;
}

export const DPIA_TEXT: Translated<DpiaText> = {
  en: {
    sep: ': ',
    title: () => 'Privacy impact and legitimate-interest assessment: video surveillance',
    name: () => 'Privacy impact assessment',
    savedLine: (v, at, by, sha) => `Version ${v}, saved ${at} by ${by} (sha256 ${sha}).`,
    draftLine: (at) => `DRAFT generated ${at}: not saved. The facts are filled in by Premises from the configuration and the index; the questions are the owner's to answer.`,
    review: {
      missing: 'No assessment saved yet: answer the questions (premises dpia answer) and save it (premises dpia save).',
      overdue: (v, saved, due) => `REVIEW OVERDUE: version ${v} was saved ${saved}, more than 12 months ago (due ${due}). Review the answers and save a new version (premises dpia save).`,
      changed: (v, saved) => `REVIEW NEEDED: the cameras, viewers or transfers changed since version ${v} was saved ${saved}. Review the answers and save a new version (premises dpia save).`,
      current: (v, saved, by, due) => `Version ${v} saved ${saved} by ${by}; next review due by ${due}.`,
    },
    controllerHeading: 'Controller and law',
    business: 'Business',
    notConfigured: 'not configured',
    contact: 'Accountable contact',
    jurisdiction: 'Jurisdiction',
    recordedHeading: 'What is recorded (from the configuration)',
    noCameras: 'No cameras.',
    columns: ['Camera', 'Area', 'Purposes', 'When', 'Audio', 'Masks', 'Retention', 'Legal basis'],
    disabled: ' (disabled)',
    notSet: 'not set',
    none: 'none',
    legalBasisNotPrinted: 'not printed for this jurisdiction',
    justificationsOnRecord: 'Justifications on record:',
    justDining: (t) => `dining: ${t}`,
    justRetention: (t) => `retention: ${t}`,
    audioOn: (j) => `on: ${j ?? 'no justification'}`,
    audioOff: 'off',
    masks: (n, by) => `${n} area(s) blacked out${by ? `, ${by}` : ''}`,
    maskedBy: {
      pending: 'by Premises (re-encoded) once it records',
      camera: (v) => `by the camera itself (verified ${v ?? 'at start'})`,
      premises: 'by Premises (re-encoded before storage)',
    },
    legitimateInterests: 'Legitimate interests (GDPR Art. 6(1)(f))',
    areas: { entrance: 'entrance', cash: 'cash', kitchen: 'kitchen', storage: 'storage', staff: 'staff', dining: 'dining', outdoor: 'outdoor', washroom: 'washroom', changing: 'changing' },
    workstationsHeading: 'Workstations flagged for review',
    workstationFlag: (camera, area, j, basis, masked) =>
      `camera ${camera} sees a workstation (${area}): under ${j} employees must not be filmed at their workstation save particular ` +
      `circumstances (${basis}). Aim it at the till or goods rather than the person${masked ? '' : ', or mask where staff stand'}, and record why in the assessment`,
    whoHeading: 'Who sees it and where it goes',
    whoMayView: (list) => `Who may view: ${list}; every live view and playback is logged with who, which camera and (for recordings) why`,
    viewersDefault: (name) => `${name ?? 'The owner'} and people they authorise`,
    recipients: 'Recipients',
    transfers: 'Transfers',
    recipientsNone: 'None: footage never leaves the premises and is viewed only on site.',
    transfersNone: 'Footage never leaves the premises.',
    transfersList: (items) => `Copies of specific footage may be sent, each time logged, only to: ${items}. Live video and recordings otherwise never leave the premises.`,
    recipientsList: (list) => `${list}. Every disclosure is logged.`,
    connections: "The cameras' own connections",
    containment: (c) =>
      c.mode === 'contained'
        ? `Contained: the cameras are on their own network (${c.interface}, ${c.subnet}) run by Premises; they can reach only Premises, and every attempt to reach anything else is blocked and logged.`
        : c.mode === 'failed'
          ? `Not contained at the moment: ${c.summary}. The cameras may be able to reach the internet directly.`
          : 'Not contained: the cameras share the network with other devices, and Premises cannot stop them sending data to the internet themselves (e.g. a manufacturer cloud). Premises itself sends footage only as listed above.',
    safeguardsHeading: 'Safeguards and record (from the index)',
    accessRequests: (n, open, overdue) => `Access requests in the last 12 months: ${n} (${open} open, ${overdue} overdue)`,
    staffInformed: (ack, count) => `Staff informed individually: ${ack} of ${count} acknowledged their current notice`,
    routineFlags: (n) => `Users flagged for routine viewing in the last 30 days: ${n}`,
    deletion: 'Deletion is automatic at the retention above; every deletion leaves a certificate; the audit log is hash-chained',
    ownerHeading: "The owner's assessment",
    optional: ' (optional)',
    question: (q) => `Question: ${q}`,
    notAnswered: 'Not answered yet.',
    questions: {
      problem: { title: 'The problem', question: 'What problem do the cameras address? Describe the incidents (what happened, when, how often) that led to them.' },
      necessity: {
        title: 'Necessity',
        question: 'Why is video recording necessary for that problem, and why these cameras, areas, hours and retention rather than fewer or shorter?',
      },
      alternatives: {
        title: 'Less intrusive alternatives considered',
        question:
          'Which less intrusive measures did you consider (better lighting, locks, cash-handling procedures, recording only while closed, fewer cameras, privacy masks) and why are they not enough?',
      },
      balancing: {
        title: 'Balancing',
        question:
          "How do the business's interests weigh against what staff and customers reasonably expect? What limits the impact on them (masks, schedules, short retention, who may view) and what risk remains?",
      },
      consultation: { title: 'Staff consulted', question: 'Were staff (or their representatives) informed or consulted before the cameras were put in place, and what did they say?' },
    },
  },
  fr: {
    sep: ' : ',
    title: (quebec) =>
      quebec
        ? 'Évaluation des facteurs relatifs à la vie privée (EFVP) : vidéosurveillance'
        : "Analyse d'impact relative à la protection des données (AIPD) et évaluation de l'intérêt légitime : vidéosurveillance",
    name: (quebec) => (quebec ? 'Évaluation des facteurs relatifs à la vie privée (EFVP)' : "Analyse d'impact relative à la protection des données (AIPD)"),
    savedLine: (v, at, by, sha) => `Version ${v}, enregistrée le ${at} par ${by} (sha256 ${sha}).`,
    draftLine: (at) =>
      `PROJET établi le ${at} : non enregistré. Les faits sont renseignés par Premises à partir de la configuration et de l'index ; les réponses aux questions incombent à l'exploitant.`,
    review: {
      missing: "Aucune évaluation enregistrée pour l'instant : répondez aux questions (premises dpia answer) puis enregistrez-la (premises dpia save).",
      overdue: (v, saved, due) =>
        `RÉEXAMEN EN RETARD : la version ${v} a été enregistrée le ${saved}, il y a plus de 12 mois (échéance : ${due}). Réexaminez les réponses et enregistrez une nouvelle version (premises dpia save).`,
      changed: (v, saved) =>
        `RÉEXAMEN NÉCESSAIRE : les caméras, les personnes autorisées à visionner ou les transferts ont changé depuis l'enregistrement de la version ${v} le ${saved}. Réexaminez les réponses et enregistrez une nouvelle version (premises dpia save).`,
      current: (v, saved, by, due) => `Version ${v} enregistrée le ${saved} par ${by} ; prochain réexamen au plus tard le ${due}.`,
    },
    controllerHeading: 'Responsable et droit applicable',
    business: 'Entreprise',
    notConfigured: 'non configurée',
    contact: 'Personne responsable à contacter',
    jurisdiction: 'Régime juridique',
    recordedHeading: "Ce qui est enregistré (d'après la configuration)",
    noCameras: 'Aucune caméra.',
    columns: ['Caméra', 'Zone', 'Finalités', "Plages d'enregistrement", 'Son', 'Masques', 'Conservation', 'Base légale'],
    disabled: ' (désactivée)',
    notSet: 'non précisée',
    none: 'aucune',
    legalBasisNotPrinted: 'non indiquée pour ce régime juridique',
    justificationsOnRecord: 'Justifications consignées :',
    justDining: (t) => `salle de la clientèle : ${t}`,
    justRetention: (t) => `conservation : ${t}`,
    audioOn: (j) => `activé : ${j ?? 'aucune justification'}`,
    audioOff: 'désactivé',
    masks: (n, by) => `${n} zone(s) masquée(s)${by ? `, ${by}` : ''}`,
    maskedBy: {
      pending: "par Premises (réencodage) dès qu'elle enregistre",
      camera: (v) => `par la caméra elle-même (vérifié ${v ? `le ${v}` : 'au démarrage'})`,
      premises: 'par Premises (réencodage avant stockage)',
    },
    legitimateInterests: 'Intérêt légitime (RGPD, art. 6, par. 1, point f)',
    areas: {
      entrance: 'entrée',
      cash: 'caisse',
      kitchen: 'cuisine',
      storage: 'réserve',
      staff: 'zone du personnel',
      dining: 'salle de la clientèle',
      outdoor: 'extérieur',
      washroom: 'toilettes',
      changing: 'vestiaire',
    },
    workstationsHeading: 'Postes de travail signalés pour examen',
    workstationFlag: (camera, area, j, basis, masked) =>
      `la caméra ${camera} voit un poste de travail (${area}) : selon le profil ${j}, les salariés ne doivent pas être filmés sur leur poste de travail, sauf circonstances ` +
      `particulières (${basis}). Orientez-la vers la caisse ou les marchandises plutôt que vers la personne${masked ? '' : ", ou masquez l'emplacement des salariés"}, et consignez-en la raison dans l'évaluation`,
    whoHeading: 'Qui voit les images et où elles vont',
    whoMayView: (list) =>
      `Personnes autorisées à visionner : ${list} ; chaque visionnage en direct et chaque relecture sont journalisés (qui, quelle caméra et, pour les enregistrements, pour quel motif)`,
    viewersDefault: (name) => `${name ?? "L'exploitant"} et les personnes qu'il ou elle autorise`,
    recipients: 'Destinataires',
    transfers: 'Transferts',
    recipientsNone: 'Aucun : les images ne quittent jamais les lieux et ne sont visionnées que sur place.',
    transfersNone: 'Les images ne quittent jamais les lieux.',
    transfersList: (items) =>
      `Des copies d'images précises peuvent être transmises, chaque envoi étant journalisé, uniquement à : ${items}. Hors de ces cas, la vidéo en direct et les enregistrements ne quittent jamais les lieux.`,
    recipientsList: (list) => `${list}. Chaque communication est journalisée.`,
    connections: 'Connexions propres des caméras',
    containment: (c) =>
      c.mode === 'contained'
        ? `Isolées : les caméras sont sur leur propre réseau (${c.interface}, ${c.subnet}) géré par Premises ; elles ne peuvent joindre que Premises, et toute tentative de joindre autre chose est bloquée et journalisée.`
        : c.mode === 'failed'
          ? `Non isolées pour le moment : ${c.summary}. Les caméras pourraient accéder directement à Internet.`
          : "Non isolées : les caméras partagent le réseau avec d'autres appareils, et Premises ne peut pas les empêcher d'envoyer elles-mêmes des données sur Internet (par exemple vers le nuage d'un fabricant). Premises n'envoie lui-même d'images que dans les cas indiqués ci-dessus.",
    safeguardsHeading: "Garanties et historique (d'après l'index)",
    accessRequests: (n, open, overdue) => `Demandes d'accès au cours des 12 derniers mois : ${n} (${open} en cours, ${overdue} en retard)`,
    staffInformed: (ack, count) => `Salariés informés individuellement : ${ack} sur ${count} ont signé leur notice d'information en vigueur`,
    routineFlags: (n) => `Utilisateurs signalés pour un visionnage de routine au cours des 30 derniers jours : ${n}`,
    deletion:
      "La suppression est automatique à l'expiration de la durée de conservation ci-dessus ; chaque suppression laisse un certificat ; le journal d'audit est chaîné par empreintes (hachage)",
    ownerHeading: "L'évaluation de l'exploitant",
    optional: ' (facultatif)',
    question: (q) => `Question : ${q}`,
    notAnswered: 'Pas encore de réponse.',
    questions: {
      problem: {
        title: 'Le problème',
        question: "À quel problème les caméras répondent-elles ? Décrivez les incidents qui ont conduit à les installer (ce qui s'est passé, quand, à quelle fréquence).",
      },
      necessity: {
        title: 'Nécessité',
        question:
          "Pourquoi l'enregistrement vidéo est-il nécessaire pour ce problème, et pourquoi ces caméras, ces zones, ces horaires et cette durée de conservation plutôt que moins de caméras ou des durées plus courtes ?",
      },
      alternatives: {
        title: 'Solutions moins intrusives envisagées',
        question:
          "Quelles mesures moins intrusives avez-vous envisagées (meilleur éclairage, serrures, procédures de manipulation des espèces, enregistrement uniquement en dehors des heures d'ouverture, moins de caméras, masques de confidentialité) et pourquoi ne suffisent-elles pas ?",
      },
      balancing: {
        title: 'Mise en balance',
        question:
          "Comment les intérêts de l'entreprise se comparent-ils aux attentes raisonnables des salariés et des clients ? Qu'est-ce qui limite l'atteinte à leur vie privée (masques, horaires, conservation courte, personnes autorisées à visionner) et quel risque subsiste ?",
      },
      consultation: {
        title: 'Consultation du personnel',
        question: "Les salariés (ou leurs représentants) ont-ils été informés ou consultés avant la mise en place des caméras, et qu'ont-ils répondu ?",
      },
    },
  },
  es: {
    sep: ': ',
    title: () => 'Evaluación de impacto relativa a la protección de datos (EIPD) y ponderación del interés legítimo: videovigilancia',
    name: () => 'Evaluación de impacto relativa a la protección de datos (EIPD)',
    savedLine: (v, at, by, sha) => `Versión ${v}, guardada el ${at} por ${by} (sha256 ${sha}).`,
    draftLine: (at) =>
      `BORRADOR generado el ${at}: no guardado. Premises completa los hechos a partir de la configuración y del índice; las preguntas debe responderlas el titular.`,
    review: {
      missing: 'Aún no se ha guardado ninguna evaluación: responda a las preguntas (premises dpia answer) y guárdela (premises dpia save).',
      overdue: (v, saved, due) =>
        `REVISIÓN VENCIDA: la versión ${v} se guardó el ${saved}, hace más de 12 meses (vencía el ${due}). Revise las respuestas y guarde una nueva versión (premises dpia save).`,
      changed: (v, saved) =>
        `REVISIÓN NECESARIA: las cámaras, las personas autorizadas a ver las imágenes o las transferencias han cambiado desde que se guardó la versión ${v} el ${saved}. Revise las respuestas y guarde una nueva versión (premises dpia save).`,
      current: (v, saved, by, due) => `Versión ${v} guardada el ${saved} por ${by}; próxima revisión a más tardar el ${due}.`,
    },
    controllerHeading: 'Responsable y legislación aplicable',
    business: 'Empresa',
    notConfigured: 'no configurada',
    contact: 'Persona de contacto responsable',
    jurisdiction: 'Jurisdicción',
    recordedHeading: 'Qué se graba (según la configuración)',
    noCameras: 'Ninguna cámara.',
    columns: ['Cámara', 'Zona', 'Finalidades', 'Horario', 'Sonido', 'Máscaras', 'Conservación', 'Base jurídica'],
    disabled: ' (desactivada)',
    notSet: 'no indicada',
    none: 'ninguna',
    legalBasisNotPrinted: 'no se indica en esta jurisdicción',
    justificationsOnRecord: 'Justificaciones registradas:',
    justDining: (t) => `comedor: ${t}`,
    justRetention: (t) => `conservación: ${t}`,
    audioOn: (j) => `activado: ${j ?? 'sin justificación'}`,
    audioOff: 'desactivado',
    masks: (n, by) => `${n} zona(s) ocultada(s)${by ? `, ${by}` : ''}`,
    maskedBy: {
      pending: 'por Premises (recodificación) en cuanto grabe',
      camera: (v) => `por la propia cámara (verificado ${v ? `el ${v}` : 'al arrancar'})`,
      premises: 'por Premises (recodificación antes del almacenamiento)',
    },
    legitimateInterests: 'Interés legítimo (art. 6.1.f del RGPD)',
    areas: {
      entrance: 'entrada',
      cash: 'caja',
      kitchen: 'cocina',
      storage: 'almacén',
      staff: 'zona de personal',
      dining: 'comedor',
      outdoor: 'exterior',
      washroom: 'aseos',
      changing: 'vestuario',
    },
    workstationsHeading: 'Puestos de trabajo señalados para revisión',
    workstationFlag: (camera, area, j, basis, masked) =>
      `la cámara ${camera} ve un puesto de trabajo (${area}): según el perfil ${j}, no debe grabarse a los empleados en su puesto de trabajo salvo circunstancias ` +
      `particulares (${basis}). Oriéntela hacia la caja o la mercancía y no hacia la persona${masked ? '' : ', o enmascare el lugar donde se sitúa el personal'}, y deje constancia del motivo en la evaluación`,
    whoHeading: 'Quién ve las imágenes y adónde van',
    whoMayView: (list) =>
      `Quién puede ver las imágenes: ${list}; cada visualización en directo y cada reproducción quedan registradas con quién, qué cámara y (para las grabaciones) el motivo`,
    viewersDefault: (name) => `${name ?? 'El titular'} y las personas a las que autorice`,
    recipients: 'Destinatarios',
    transfers: 'Transferencias',
    recipientsNone: 'Ninguno: las imágenes nunca salen del establecimiento y solo se ven en él.',
    transfersNone: 'Las imágenes nunca salen del establecimiento.',
    transfersList: (items) =>
      `Solo pueden enviarse copias de imágenes concretas, registrando cada envío, a: ${items}. Por lo demás, el vídeo en directo y las grabaciones nunca salen del establecimiento.`,
    recipientsList: (list) => `${list}. Cada comunicación queda registrada.`,
    connections: 'Conexiones propias de las cámaras',
    containment: (c) =>
      c.mode === 'contained'
        ? `Aisladas: las cámaras están en su propia red (${c.interface}, ${c.subnet}) gestionada por Premises; solo pueden comunicarse con Premises, y todo intento de llegar a otro destino se bloquea y queda registrado.`
        : c.mode === 'failed'
          ? `No aisladas en este momento: ${c.summary}. Las cámaras podrían acceder directamente a internet.`
          : 'No aisladas: las cámaras comparten la red con otros dispositivos, y Premises no puede impedir que envíen datos a internet por sí mismas (p. ej., a la nube del fabricante). Premises solo envía imágenes en los casos indicados arriba.',
    safeguardsHeading: 'Garantías y registro (según el índice)',
    accessRequests: (n, open, overdue) => `Solicitudes de acceso en los últimos 12 meses: ${n} (${open} abiertas, ${overdue} vencidas)`,
    staffInformed: (ack, count) => `Personal informado individualmente: ${ack} de ${count} han firmado su aviso vigente`,
    routineFlags: (n) => `Usuarios señalados por visualización rutinaria en los últimos 30 días: ${n}`,
    deletion: 'La supresión es automática al vencer el plazo de conservación indicado; cada supresión deja un certificado; el registro de auditoría está encadenado mediante hashes',
    ownerHeading: 'La evaluación del titular',
    optional: ' (opcional)',
    question: (q) => `Pregunta: ${q}`,
    notAnswered: 'Aún sin respuesta.',
    questions: {
      problem: {
        title: 'El problema',
        question: '¿Qué problema resuelven las cámaras? Describa los incidentes que llevaron a instalarlas (qué ocurrió, cuándo y con qué frecuencia).',
      },
      necessity: {
        title: 'Necesidad',
        question:
          '¿Por qué es necesaria la grabación de vídeo para ese problema, y por qué estas cámaras, zonas, horarios y plazo de conservación y no menos cámaras o plazos más cortos?',
      },
      alternatives: {
        title: 'Alternativas menos intrusivas consideradas',
        question:
          '¿Qué medidas menos intrusivas consideró (mejor iluminación, cerraduras, procedimientos de manejo de efectivo, grabar solo con el establecimiento cerrado, menos cámaras, máscaras de privacidad) y por qué no son suficientes?',
      },
      balancing: {
        title: 'Ponderación',
        question:
          '¿Cómo se ponderan los intereses de la empresa frente a lo que el personal y la clientela pueden razonablemente esperar? ¿Qué limita el impacto sobre ellos (máscaras, horarios, conservación breve, quién puede ver las imágenes) y qué riesgo subsiste?',
      },
      consultation: {
        title: 'Consulta al personal',
        question: '¿Se informó o consultó al personal (o a sus representantes) antes de instalar las cámaras, y qué respondieron?',
      },
    },
  },
  'zh-Hans': {
    sep: '：',
    title: () => '数据保护影响评估及正当利益评估：视频监控',
    name: () => '隐私影响评估',
    savedLine: (v, at, by, sha) => `第 ${v} 版，由 ${by} 于 ${at} 保存（sha256 ${sha}）。`,
    draftLine: (at) => `草稿，生成于 ${at}：尚未保存。事实部分由 Premises 根据配置和索引填写；问题须由经营者本人回答。`,
    review: {
      missing: '尚未保存任何评估：请回答问题（premises dpia answer）并保存（premises dpia save）。',
      overdue: (v, saved, due) => `复核已逾期：第 ${v} 版保存于 ${saved}，已超过 12 个月（应于 ${due} 前复核）。请复核回答并保存新版本（premises dpia save）。`,
      changed: (v, saved) => `需要复核：自第 ${v} 版于 ${saved} 保存以来，摄像头、可查看人员或传输已发生变化。请复核回答并保存新版本（premises dpia save）。`,
      current: (v, saved, by, due) => `第 ${v} 版由 ${by} 于 ${saved} 保存；下次复核最迟于 ${due}。`,
    },
    controllerHeading: '控制者及适用法律',
    business: '企业',
    notConfigured: '未配置',
    contact: '负责联系人',
    jurisdiction: '适用法域',
    recordedHeading: '录制内容（来自配置）',
    noCameras: '没有摄像头。',
    columns: ['摄像头', '区域', '目的', '录制时间', '音频', '遮蔽', '保存期限', '法律依据'],
    disabled: '（已停用）',
    notSet: '未设置',
    none: '无',
    legalBasisNotPrinted: '此法域无需列明',
    justificationsOnRecord: '已记录的理由：',
    justDining: (t) => `用餐区：${t}`,
    justRetention: (t) => `保存期限：${t}`,
    audioOn: (j) => `开启：${j ?? '未提供理由'}`,
    audioOff: '关闭',
    masks: (n, by) => `${n} 个区域已遮蔽${by ? `，${by}` : ''}`,
    maskedBy: { pending: '开始录制后由 Premises 遮蔽（重新编码）', camera: (v) => `由摄像头自身遮蔽（${v ? `已于 ${v} 验证` : '启动时验证'}）`, premises: '由 Premises 遮蔽（存储前重新编码）' },
    legitimateInterests: '正当利益（GDPR 第 6(1)(f) 条）',
    areas: { entrance: '入口', cash: '收银台', kitchen: '厨房', storage: '仓库', staff: '员工区', dining: '用餐区', outdoor: '室外', washroom: '洗手间', changing: '更衣室' },
    workstationsHeading: '需审查的工位',
    workstationFlag: (camera, area, j, basis, masked) =>
      `摄像头 ${camera} 可拍摄到工位（${area}）：根据 ${j} 规则，除特殊情况外，不得在工位上拍摄员工（${basis}）。请将其对准收银台或货品而非人员${masked ? '' : '，或遮蔽员工站立的位置'}，并在评估中记录原因`,
    whoHeading: '谁可查看以及录像去向',
    whoMayView: (list) => `可查看人员：${list}；每次实时查看和回放都会记录查看人、摄像头以及（回放录像时的）原因`,
    viewersDefault: (name) => `${name ?? '经营者'}及其授权人员`,
    recipients: '接收方',
    transfers: '传输',
    recipientsNone: '无：录像从不离开经营场所，仅在现场查看。',
    transfersNone: '录像从不离开经营场所。',
    transfersList: (items) => `仅可向以下对象发送特定录像的副本，且每次均有记录：${items}。除此之外，实时视频和录像从不离开经营场所。`,
    recipientsList: (list) => `${list}。每次披露均有记录。`,
    connections: '摄像头自身的网络连接',
    containment: (c) =>
      c.mode === 'contained'
        ? `已隔离：摄像头位于由 Premises 管理的独立网络（${c.interface}，${c.subnet}）中；它们只能连接 Premises，任何连接其他地址的尝试都会被阻止并记录。`
        : c.mode === 'failed'
          ? `当前未隔离：${c.summary}。摄像头可能可以直接连接互联网。`
          : '未隔离：摄像头与其他设备共用网络，Premises 无法阻止摄像头自行向互联网发送数据（例如制造商的云服务）。Premises 本身仅按上文所列方式发送录像。',
    safeguardsHeading: '保障措施及记录（来自索引）',
    accessRequests: (n, open, overdue) => `过去 12 个月的查阅请求：${n} 件（${open} 件未结，${overdue} 件逾期）`,
    staffInformed: (ack, count) => `已单独告知的员工：${count} 人中有 ${ack} 人已确认其现行告知书`,
    routineFlags: (n) => `过去 30 天内因例行查看被标记的用户：${n}`,
    deletion: '到达上述保存期限后自动删除；每次删除都会留下删除证明；审计日志采用哈希链',
    ownerHeading: '经营者的评估',
    optional: '（可选）',
    question: (q) => `问题：${q}`,
    notAnswered: '尚未回答。',
    questions: {
      problem: { title: '问题', question: '摄像头要解决什么问题？请描述促使安装摄像头的事件（发生了什么、何时发生、发生频率）。' },
      necessity: { title: '必要性', question: '为什么该问题需要视频录制？为什么需要这些摄像头、区域、时段和保存期限，而不是更少或更短？' },
      alternatives: {
        title: '已考虑的侵扰性较低的替代方案',
        question: '您考虑过哪些侵扰性较低的措施（改善照明、加装门锁、现金处理规程、仅在非营业时间录制、减少摄像头、隐私遮蔽），为什么这些措施不够？',
      },
      balancing: {
        title: '利益权衡',
        question: '企业的利益与员工和顾客的合理期待如何权衡？哪些措施限制了对他们的影响（遮蔽、录制时段、较短的保存期限、可查看人员），还存在哪些风险？',
      },
      consultation: { title: '员工咨询', question: '在安装摄像头之前，是否已告知或咨询员工（或其代表）？他们的意见是什么？' },
    },
  },
  'zh-Hant': {
    sep: '：',
    title: () => '資料保護影響評估及正當利益評估：影像監視',
    name: () => '隱私影響評估',
    savedLine: (v, at, by, sha) => `第 ${v} 版，由 ${by} 於 ${at} 儲存（sha256 ${sha}）。`,
    draftLine: (at) => `草稿，產生於 ${at}：尚未儲存。事實部分由 Premises 依設定及索引填寫；問題須由經營者本人回答。`,
    review: {
      missing: '尚未儲存任何評估：請回答問題（premises dpia answer）並儲存（premises dpia save）。',
      overdue: (v, saved, due) => `覆核已逾期：第 ${v} 版儲存於 ${saved}，已超過 12 個月（應於 ${due} 前覆核）。請覆核回答並儲存新版本（premises dpia save）。`,
      changed: (v, saved) => `需要覆核：自第 ${v} 版於 ${saved} 儲存以來，攝影機、可查看人員或傳輸已有變更。請覆核回答並儲存新版本（premises dpia save）。`,
      current: (v, saved, by, due) => `第 ${v} 版由 ${by} 於 ${saved} 儲存；下次覆核最遲於 ${due}。`,
    },
    controllerHeading: '控制者及適用法律',
    business: '企業',
    notConfigured: '未設定',
    contact: '負責聯絡人',
    jurisdiction: '適用法域',
    recordedHeading: '錄製內容（來自設定）',
    noCameras: '沒有攝影機。',
    columns: ['攝影機', '區域', '目的', '錄製時間', '音訊', '遮蔽', '保存期限', '法律依據'],
    disabled: '（已停用）',
    notSet: '未設定',
    none: '無',
    legalBasisNotPrinted: '此法域無需列明',
    justificationsOnRecord: '已記錄之理由：',
    justDining: (t) => `用餐區：${t}`,
    justRetention: (t) => `保存期限：${t}`,
    audioOn: (j) => `開啟：${j ?? '未提供理由'}`,
    audioOff: '關閉',
    masks: (n, by) => `${n} 個區域已遮蔽${by ? `，${by}` : ''}`,
    maskedBy: { pending: '開始錄製後由 Premises 遮蔽（重新編碼）', camera: (v) => `由攝影機本身遮蔽（${v ? `已於 ${v} 驗證` : '啟動時驗證'}）`, premises: '由 Premises 遮蔽（儲存前重新編碼）' },
    legitimateInterests: '正當利益（GDPR 第 6(1)(f) 條）',
    areas: { entrance: '入口', cash: '收銀台', kitchen: '廚房', storage: '倉庫', staff: '員工區', dining: '用餐區', outdoor: '室外', washroom: '洗手間', changing: '更衣室' },
    workstationsHeading: '需審查之工作站',
    workstationFlag: (camera, area, j, basis, masked) =>
      `攝影機 ${camera} 可拍攝到工作站（${area}）：依 ${j} 規則，除特殊情況外，不得於工作站拍攝員工（${basis}）。請將其對準收銀台或貨品而非人員${masked ? '' : '，或遮蔽員工站立之位置'}，並於評估中記錄原因`,
    whoHeading: '誰可查看以及錄影去向',
    whoMayView: (list) => `可查看人員：${list}；每次即時查看及回放皆會記錄查看人、攝影機以及（回放錄影時的）原因`,
    viewersDefault: (name) => `${name ?? '經營者'}及其授權人員`,
    recipients: '接收方',
    transfers: '傳輸',
    recipientsNone: '無：錄影從不離開營業場所，僅於現場查看。',
    transfersNone: '錄影從不離開營業場所。',
    transfersList: (items) => `僅可向下列對象傳送特定錄影之副本，且每次皆有記錄：${items}。除此之外，即時影像及錄影從不離開營業場所。`,
    recipientsList: (list) => `${list}。每次揭露皆有記錄。`,
    connections: '攝影機本身的網路連線',
    containment: (c) =>
      c.mode === 'contained'
        ? `已隔離：攝影機位於由 Premises 管理的獨立網路（${c.interface}，${c.subnet}）中；它們只能連線至 Premises，任何連線至其他位址的嘗試皆會被封鎖並記錄。`
        : c.mode === 'failed'
          ? `目前未隔離：${c.summary}。攝影機可能可以直接連上網際網路。`
          : '未隔離：攝影機與其他裝置共用網路，Premises 無法阻止攝影機自行向網際網路傳送資料（例如製造商的雲端服務）。Premises 本身僅依上文所列方式傳送錄影。',
    safeguardsHeading: '保障措施及記錄（來自索引）',
    accessRequests: (n, open, overdue) => `過去 12 個月之查閱請求：${n} 件（${open} 件未結，${overdue} 件逾期）`,
    staffInformed: (ack, count) => `已個別告知之員工：${count} 人中有 ${ack} 人已確認其現行告知書`,
    routineFlags: (n) => `過去 30 天內因例行查看被標記之使用者：${n}`,
    deletion: '屆滿上述保存期限後自動刪除；每次刪除皆留下刪除證明；稽核日誌採雜湊鏈結',
    ownerHeading: '經營者之評估',
    optional: '（選填）',
    question: (q) => `問題：${q}`,
    notAnswered: '尚未回答。',
    questions: {
      problem: { title: '問題', question: '攝影機要解決什麼問題？請描述促使安裝攝影機的事件（發生了什麼、何時發生、發生頻率）。' },
      necessity: { title: '必要性', question: '為什麼該問題需要影像錄製？為什麼需要這些攝影機、區域、時段及保存期限，而非更少或更短？' },
      alternatives: {
        title: '已考量之侵擾性較低的替代方案',
        question: '您考量過哪些侵擾性較低的措施（改善照明、加裝門鎖、現金處理程序、僅於非營業時間錄製、減少攝影機、隱私遮蔽），為什麼這些措施不足？',
      },
      balancing: {
        title: '利益衡量',
        question: '企業之利益與員工及顧客之合理期待如何衡量？哪些措施限制了對他們的影響（遮蔽、錄製時段、較短的保存期限、可查看人員），仍存在哪些風險？',
      },
      consultation: { title: '員工諮詢', question: '於安裝攝影機之前，是否已告知或諮詢員工（或其代表）？他們的意見為何？' },
    },
  },
};
