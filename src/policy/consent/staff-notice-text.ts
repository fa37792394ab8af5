import type { AreaType, WEEKDAYS } from '../../config/schema.js';
import type { Translated } from '../../shared/languages.js';

/**
 * What an individual staff notice says, per language. Facts (names,
 * purposes, the business's own texts) are printed as the owner wrote them;
 * only Premises' own sentences are translated here. A language missing from
 * this catalog is a type error.
 */
type Weekday = (typeof WEEKDAYS)[number];

export interface StaffNoticeText {
  title: (name: string) => string;
  intro: (business: string, name: string, role: string) => string;
  theBusiness: string;
  theOwner: string;
  noContact: string;
  none: string;
  yourAreas: string;
  controller: string;
  whoToAsk: string;
  area: Readonly<Record<AreaType, string>>;
  day: Readonly<Record<Weekday, string>>;
  everyDay: string;
  window: (days: string, from: string, to: string) => string;
  always: string;
  camerasHeading: string;
  noCameras: string;
  columns: readonly string[];
  workstation: string;
  audioOn: string;
  audioOff: string;
  /** Retention in words: from milliseconds when known, else the text as configured. */
  retention: (ms: number | null, text: string) => string;
  masks: (n: number) => string;
  otherCameras: (moreInfo: string | null) => string;
  useHeading: string;
  decisionsYes: string;
  decisionsNo: string;
  viewers: string;
  defaultViewers: (contact: string) => string;
  transfersLabel: string;
  noTransfers: string;
  rightsHeading: string;
  rights: (contact: string, deadline: string, regulator: string) => string[];
  individual: (basis: string) => string;
  representatives: (basis: string) => string;
  ackHeading: string;
  ackText: (name: string) => string;
  signature: string;
  date: string;
  version: (short: string) => string;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Days when a whole number of days (and at least one), else hours, else minutes. */
function amount(ms: number): { n: number; unit: 'day' | 'hour' | 'minute' } {
  if (ms % DAY === 0 && ms >= DAY && (ms >= 7 * DAY || ms % HOUR !== 0 || ms / HOUR > 72)) return { n: ms / DAY, unit: 'day' };
  if (ms % HOUR === 0) return { n: ms / HOUR, unit: 'hour' };
  return { n: Math.round(ms / 60_000), unit: 'minute' };
}

export const STAFF_NOTICE_TEXT: Translated<StaffNoticeText> = {
  en: {
    title: (name) => `Video recording at your workplace: notice for ${name}`,
    intro: (business, name, role) =>
      `${business} records video on its premises. This notice tells you, ${name} (${role}), which cameras can see where you work, why, for how long the footage is kept, who may see it and what your rights are.`,
    theBusiness: 'The business',
    theOwner: 'the owner',
    noContact: 'no accountable contact configured yet',
    none: 'none',
    yourAreas: 'Where you work',
    controller: 'Who is responsible',
    whoToAsk: 'Who to ask',
    area: { entrance: 'entrance', cash: 'till / cash desk', kitchen: 'kitchen', storage: 'storage', staff: 'staff-only area / office', dining: 'dining room', outdoor: 'outdoors', washroom: 'washroom', changing: 'changing room' },
    day: { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' },
    everyDay: 'every day',
    window: (days, from, to) => `${days} ${from}–${to}`,
    always: 'at all times',
    camerasHeading: 'Cameras that can see where you work',
    noCameras: 'No camera sees the areas where you work.',
    columns: ['Camera', 'Area', 'Why (purposes)', 'When it records', 'Sound', 'Kept for', 'Parts blacked out'],
    workstation: 'a workstation',
    audioOn: 'recorded',
    audioOff: 'not recorded',
    retention: (ms, text) => {
      if (ms === null) return text;
      const { n, unit } = amount(ms);
      return `${n} ${unit}${n === 1 ? '' : 's'}, then deleted automatically`;
    },
    masks: (n) => `${n} area${n === 1 ? '' : 's'}`,
    otherCameras: (moreInfo) =>
      `Other cameras, in areas where you do not work, are described on the signs at the entrance and in the full privacy notice${moreInfo ? ` (${moreInfo})` : ''}. Washrooms and changing rooms are never filmed.`,
    useHeading: 'How the footage is used',
    decisionsYes:
      'Footage may be used in a decision about you only when it shows an incident that concerns the purposes above; you will be told and may see it.',
    decisionsNo: 'Footage is not used to watch how you work or in decisions about you (performance, discipline, hiring or pay).',
    viewers: 'Who may view it',
    defaultViewers: (contact) => `${contact} and people they authorise; every viewing is logged`,
    transfersLabel: 'Does footage leave the premises',
    noTransfers: 'No: footage never leaves the premises.',
    rightsHeading: 'Your rights',
    rights: (contact, deadline, regulator) => [
      `You may ask for a copy of footage of yourself: ask ${contact}. The answer is due within ${deadline}.`,
      'You may ask how footage of you was used and to whom it was given, and object to a camera that sees where you work.',
      `If you are not satisfied with the answer, you may complain to ${regulator}.`,
    ],
    individual: (basis) => `You receive this notice individually, as the law requires (${basis}).`,
    representatives: (basis) => `Staff representatives are informed and consulted before cameras are put in place (${basis}).`,
    ackHeading: 'Acknowledgement',
    ackText: (name) => `I, ${name}, received this notice and read it.`,
    signature: 'Signature',
    date: 'Date',
    version: (short) => `Notice version ${short}. If the cameras, their purposes or how long footage is kept change, you will receive a new notice.`,
  },
  fr: {
    title: (name) => `Vidéosurveillance sur votre lieu de travail : information de ${name}`,
    intro: (business, name, role) =>
      `${business} enregistre des images vidéo dans ses locaux. Cette note vous indique, ${name} (${role}), quelles caméras voient les endroits où vous travaillez, dans quel but, combien de temps les images sont conservées, qui peut les voir et quels sont vos droits.`,
    theBusiness: "L'entreprise",
    theOwner: "l'exploitant",
    noContact: 'aucun responsable désigné pour le moment',
    none: 'aucun',
    yourAreas: 'Où vous travaillez',
    controller: 'Responsable du traitement',
    whoToAsk: "À qui s'adresser",
    area: { entrance: 'entrée', cash: 'caisse', kitchen: 'cuisine', storage: 'réserve', staff: 'espace réservé au personnel / bureau', dining: 'salle', outdoor: 'extérieur', washroom: 'toilettes', changing: 'vestiaire' },
    day: { mon: 'lun.', tue: 'mar.', wed: 'mer.', thu: 'jeu.', fri: 'ven.', sat: 'sam.', sun: 'dim.' },
    everyDay: 'tous les jours',
    window: (days, from, to) => `${days} ${from}–${to}`,
    always: 'en permanence',
    camerasHeading: 'Caméras qui voient les endroits où vous travaillez',
    noCameras: 'Aucune caméra ne voit les endroits où vous travaillez.',
    columns: ['Caméra', 'Zone', 'Finalités', "Quand elle enregistre", 'Son', 'Conservation', 'Zones masquées'],
    workstation: 'un poste de travail',
    audioOn: 'enregistré',
    audioOff: 'non enregistré',
    retention: (ms, text) => {
      if (ms === null) return text;
      const { n, unit } = amount(ms);
      const word = unit === 'day' ? 'jour' : unit === 'hour' ? 'heure' : 'minute';
      return `${n} ${word}${n > 1 ? 's' : ''}, puis suppression automatique`;
    },
    masks: (n) => `${n} zone${n > 1 ? 's' : ''}`,
    otherCameras: (moreInfo) =>
      `Les autres caméras, dans des zones où vous ne travaillez pas, sont décrites sur les panneaux à l'entrée et dans la note d'information complète${moreInfo ? ` (${moreInfo})` : ''}. Les toilettes et les vestiaires ne sont jamais filmés.`,
    useHeading: 'Utilisation des images',
    decisionsYes:
      "Les images ne peuvent servir à une décision vous concernant que si elles montrent un incident lié aux finalités ci-dessus ; vous en serez informé(e) et pourrez les voir.",
    decisionsNo: "Les images ne servent pas à surveiller votre travail ni à prendre des décisions vous concernant (évaluation, sanction, embauche ou rémunération).",
    viewers: 'Qui peut les voir',
    defaultViewers: (contact) => `${contact} et les personnes qu'il ou elle autorise ; chaque consultation est journalisée`,
    transfersLabel: 'Les images quittent-elles les lieux',
    noTransfers: 'Non : les images ne quittent jamais les lieux.',
    rightsHeading: 'Vos droits',
    rights: (contact, deadline, regulator) => [
      `Vous pouvez demander une copie des images où vous figurez : adressez-vous à ${contact}. La réponse vous est due dans un délai de ${deadline}.`,
      "Vous pouvez demander comment les images vous concernant ont été utilisées et à qui elles ont été communiquées, et vous opposer à une caméra qui voit votre lieu de travail.",
      `Si la réponse ne vous satisfait pas, vous pouvez saisir ${regulator}.`,
    ],
    individual: (basis) => `Cette information vous est remise individuellement, comme la loi l'exige (${basis}).`,
    representatives: (basis) => `Les représentants du personnel sont informés et consultés avant la mise en place des caméras (${basis}).`,
    ackHeading: 'Accusé de réception',
    ackText: (name) => `Je soussigné(e), ${name}, reconnais avoir reçu et lu cette note d'information.`,
    signature: 'Signature',
    date: 'Date',
    version: (short) => `Version de la note ${short}. Si les caméras, leurs finalités ou la durée de conservation changent, vous recevrez une nouvelle note.`,
  },
  es: {
    title: (name) => `Videovigilancia en su lugar de trabajo: aviso para ${name}`,
    intro: (business, name, role) =>
      `${business} graba vídeo en sus instalaciones. Este aviso le indica a usted, ${name} (${role}), qué cámaras ven los lugares donde trabaja, para qué, cuánto tiempo se conservan las imágenes, quién puede verlas y cuáles son sus derechos.`,
    theBusiness: 'La empresa',
    theOwner: 'el responsable',
    noContact: 'todavía no hay un responsable designado',
    none: 'ninguna',
    yourAreas: 'Dónde trabaja',
    controller: 'Responsable',
    whoToAsk: 'A quién preguntar',
    area: { entrance: 'entrada', cash: 'caja', kitchen: 'cocina', storage: 'almacén', staff: 'zona de personal / oficina', dining: 'comedor', outdoor: 'exterior', washroom: 'aseos', changing: 'vestuario' },
    day: { mon: 'lun', tue: 'mar', wed: 'mié', thu: 'jue', fri: 'vie', sat: 'sáb', sun: 'dom' },
    everyDay: 'todos los días',
    window: (days, from, to) => `${days} ${from}–${to}`,
    always: 'en todo momento',
    camerasHeading: 'Cámaras que ven donde usted trabaja',
    noCameras: 'Ninguna cámara ve las zonas donde usted trabaja.',
    columns: ['Cámara', 'Zona', 'Finalidades', 'Cuándo graba', 'Sonido', 'Conservación', 'Zonas ocultas'],
    workstation: 'un puesto de trabajo',
    audioOn: 'se graba',
    audioOff: 'no se graba',
    retention: (ms, text) => {
      if (ms === null) return text;
      const { n, unit } = amount(ms);
      const word = unit === 'day' ? (n === 1 ? 'día' : 'días') : unit === 'hour' ? (n === 1 ? 'hora' : 'horas') : n === 1 ? 'minuto' : 'minutos';
      return `${n} ${word}; después se borran automáticamente`;
    },
    masks: (n) => `${n} zona${n === 1 ? '' : 's'}`,
    otherCameras: (moreInfo) =>
      `Las demás cámaras, en zonas donde usted no trabaja, se describen en los carteles de la entrada y en el aviso de privacidad completo${moreInfo ? ` (${moreInfo})` : ''}. Los aseos y vestuarios nunca se graban.`,
    useHeading: 'Uso de las imágenes',
    decisionsYes: 'Las imágenes solo pueden usarse en una decisión sobre usted cuando muestren un incidente relacionado con las finalidades indicadas; se le informará y podrá verlas.',
    decisionsNo: 'Las imágenes no se usan para vigilar cómo trabaja ni en decisiones sobre usted (evaluación, sanciones, contratación o salario).',
    viewers: 'Quién puede verlas',
    defaultViewers: (contact) => `${contact} y las personas que autorice; cada visualización queda registrada`,
    transfersLabel: '¿Salen las imágenes de las instalaciones?',
    noTransfers: 'No: las imágenes nunca salen de las instalaciones.',
    rightsHeading: 'Sus derechos',
    rights: (contact, deadline, regulator) => [
      `Puede pedir una copia de las imágenes en las que aparece: pregunte a ${contact}. La respuesta se debe dar en un plazo de ${deadline}.`,
      'Puede preguntar cómo se usaron las imágenes en las que aparece y a quién se entregaron, y oponerse a una cámara que vea su lugar de trabajo.',
      `Si la respuesta no le satisface, puede reclamar ante ${regulator}.`,
    ],
    individual: (basis) => `Usted recibe este aviso de forma individual, como exige la ley (${basis}).`,
    representatives: (basis) => `Los representantes del personal son informados y consultados antes de instalar las cámaras (${basis}).`,
    ackHeading: 'Acuse de recibo',
    ackText: (name) => `Yo, ${name}, he recibido y leído este aviso.`,
    signature: 'Firma',
    date: 'Fecha',
    version: (short) => `Versión del aviso ${short}. Si cambian las cámaras, sus finalidades o el tiempo de conservación, recibirá un aviso nuevo.`,
  },
  'zh-Hans': {
    title: (name) => `工作场所视频录像：致 ${name} 的告知书`,
    intro: (business, name, role) =>
      `${business} 在其经营场所内进行视频录像。本告知书向您（${name}，${role}）说明：哪些摄像头能看到您工作的地方、录像目的、录像保存多久、谁可以查看以及您享有的权利。`,
    theBusiness: '本店',
    theOwner: '负责人',
    noContact: '尚未指定负责人',
    none: '无',
    yourAreas: '您的工作区域',
    controller: '负责单位',
    whoToAsk: '联系人',
    area: { entrance: '入口', cash: '收银台', kitchen: '厨房', storage: '仓库', staff: '员工区 / 办公室', dining: '用餐区', outdoor: '室外', washroom: '洗手间', changing: '更衣室' },
    day: { mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日' },
    everyDay: '每天',
    window: (days, from, to) => `${days} ${from}–${to}`,
    always: '全天候',
    camerasHeading: '能看到您工作地点的摄像头',
    noCameras: '没有摄像头能看到您工作的区域。',
    columns: ['摄像头', '区域', '目的', '录像时间', '声音', '保存期限', '遮挡区域'],
    workstation: '工作岗位',
    audioOn: '录音',
    audioOff: '不录音',
    retention: (ms, text) => {
      if (ms === null) return text;
      const { n, unit } = amount(ms);
      return `${n} ${unit === 'day' ? '天' : unit === 'hour' ? '小时' : '分钟'}，之后自动删除`;
    },
    masks: (n) => `${n} 处`,
    otherCameras: (moreInfo) => `您不工作的区域内的其他摄像头，见入口处的告示和完整的隐私告知${moreInfo ? `（${moreInfo}）` : ''}。洗手间和更衣室绝不录像。`,
    useHeading: '录像的用途',
    decisionsYes: '只有当录像显示与上述目的相关的事件时，才可用于与您有关的决定；届时会通知您，您可以查看录像。',
    decisionsNo: '录像不用于监视您的工作，也不用于与您有关的决定（考核、处分、招聘或薪酬）。',
    viewers: '谁可以查看',
    defaultViewers: (contact) => `${contact} 及其授权的人；每次查看都有记录`,
    transfersLabel: '录像是否会离开本店',
    noTransfers: '不会：录像从不离开本店。',
    rightsHeading: '您的权利',
    rights: (contact, deadline, regulator) => [
      `您可以索取有您出现的录像副本：请联系 ${contact}。答复期限为 ${deadline}。`,
      '您可以询问有您出现的录像如何被使用、提供给了谁，并可以反对能看到您工作地点的摄像头。',
      `如对答复不满意，您可以向 ${regulator} 投诉。`,
    ],
    individual: (basis) => `依照法律要求，本告知书单独交给您（${basis}）。`,
    representatives: (basis) => `安装摄像头之前，已告知并征询员工代表的意见（${basis}）。`,
    ackHeading: '确认',
    ackText: (name) => `本人 ${name} 已收到并阅读本告知书。`,
    signature: '签名',
    date: '日期',
    version: (short) => `告知书版本 ${short}。如摄像头、其目的或保存期限有变，您将收到新的告知书。`,
  },
  'zh-Hant': {
    title: (name) => `工作場所錄影：致 ${name} 的告知書`,
    intro: (business, name, role) =>
      `${business} 在其營業場所內進行錄影。本告知書向您（${name}，${role}）說明：哪些攝影機能看到您工作的地方、錄影目的、錄影保存多久、誰可以查看以及您享有的權利。`,
    theBusiness: '本店',
    theOwner: '負責人',
    noContact: '尚未指定負責人',
    none: '無',
    yourAreas: '您的工作區域',
    controller: '負責單位',
    whoToAsk: '聯絡人',
    area: { entrance: '入口', cash: '收銀台', kitchen: '廚房', storage: '倉庫', staff: '員工區 / 辦公室', dining: '用餐區', outdoor: '室外', washroom: '洗手間', changing: '更衣室' },
    day: { mon: '週一', tue: '週二', wed: '週三', thu: '週四', fri: '週五', sat: '週六', sun: '週日' },
    everyDay: '每天',
    window: (days, from, to) => `${days} ${from}–${to}`,
    always: '全天候',
    camerasHeading: '能看到您工作地點的攝影機',
    noCameras: '沒有攝影機能看到您工作的區域。',
    columns: ['攝影機', '區域', '目的', '錄影時間', '聲音', '保存期限', '遮蔽區域'],
    workstation: '工作崗位',
    audioOn: '錄音',
    audioOff: '不錄音',
    retention: (ms, text) => {
      if (ms === null) return text;
      const { n, unit } = amount(ms);
      return `${n} ${unit === 'day' ? '天' : unit === 'hour' ? '小時' : '分鐘'}，之後自動刪除`;
    },
    masks: (n) => `${n} 處`,
    otherCameras: (moreInfo) => `您不工作的區域內的其他攝影機，見入口處的告示和完整的隱私告知${moreInfo ? `（${moreInfo}）` : ''}。洗手間和更衣室絕不錄影。`,
    useHeading: '錄影的用途',
    decisionsYes: '只有當錄影顯示與上述目的相關的事件時，才可用於與您有關的決定；屆時會通知您，您可以查看錄影。',
    decisionsNo: '錄影不用於監視您的工作，也不用於與您有關的決定（考核、懲處、招聘或薪酬）。',
    viewers: '誰可以查看',
    defaultViewers: (contact) => `${contact} 及其授權的人；每次查看都有紀錄`,
    transfersLabel: '錄影是否會離開本店',
    noTransfers: '不會：錄影從不離開本店。',
    rightsHeading: '您的權利',
    rights: (contact, deadline, regulator) => [
      `您可以索取有您出現的錄影副本：請聯絡 ${contact}。答覆期限為 ${deadline}。`,
      '您可以詢問有您出現的錄影如何被使用、提供給了誰，並可以反對能看到您工作地點的攝影機。',
      `如對答覆不滿意，您可以向 ${regulator} 投訴。`,
    ],
    individual: (basis) => `依照法律要求，本告知書單獨交給您（${basis}）。`,
    representatives: (basis) => `安裝攝影機之前，已告知並徵詢員工代表的意見（${basis}）。`,
    ackHeading: '確認',
    ackText: (name) => `本人 ${name} 已收到並閱讀本告知書。`,
    signature: '簽名',
    date: '日期',
    version: (short) => `告知書版本 ${short}。如攝影機、其目的或保存期限有變，您將收到新的告知書。`,
  },
};
