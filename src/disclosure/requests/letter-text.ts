import type { Translated } from '../../shared/languages.js';

/**
 * The words of the letters to a person who asked for footage of themselves,
 * in every notice language (src/shared/languages.ts); a missing string is a
 * type error. Dates are written YYYY-MM-DD in every language, which no reader
 * can misread as another day.
 */
export interface LetterWords {
  ackSubject: (ref: number) => string;
  responseSubject: (ref: number) => string;
  greeting: (name: string) => string;
  received: (on: string, from: string, to: string, cameras: string) => string;
  held: string;
  dueBy: (date: string, deadline: string) => string;
  extended: (date: string, reason: string) => string;
  identity: string;
  others: string;
  youAsked: (on: string, from: string, to: string, cameras: string) => string;
  enclosed: (exportId: string) => string;
  noneFound: string;
  /** What the enclosed export holds: how many files, from which cameras, over which local times. */
  enclosedFacts: (files: number, cameras: string, from: string, to: string) => string;
  verifyTitle: string;
  /** Followed by the signing key's fingerprint on a line of its own. */
  verifyKey: string;
  verifySteps: string;
  /** Followed by the SHA-256 of manifest.json on a line of its own. */
  manifestHash: string;
  whyTitle: string;
  recipientsTitle: string;
  recipientsNone: string;
  recipient: (at: string, to: string, basis: string) => string;
  rightsTitle: string;
  complain: (regulator: string) => string;
  contactUs: (contact: string) => string;
  signOff: string;
  reference: string;
  date: string;
}

export const LETTER_WORDS: Translated<LetterWords> = {
  en: {
    ackSubject: (ref) => `Your request for footage of yourself (our reference ${ref})`,
    responseSubject: (ref) => `Our answer to your request for footage of yourself (our reference ${ref})`,
    greeting: (name) => `Dear ${name},`,
    received: (on, from, to, cameras) => `We received your request on ${on} for footage of yourself recorded between ${from} and ${to} (${cameras}).`,
    held: 'We have set that footage aside so that it is not deleted while we deal with your request.',
    dueBy: (date, deadline) => `We will answer by ${date} at the latest (the law gives us ${deadline}).`,
    extended: (date, reason) => `We have extended the time to answer to ${date}, for this reason: ${reason}`,
    identity: 'We give footage only to the person it shows, so we may ask you to confirm your identity.',
    others: 'To protect other people, anyone else visible in the footage is blurred or masked.',
    youAsked: (on, from, to, cameras) => `On ${on} you asked us for footage of yourself recorded between ${from} and ${to} (${cameras}).`,
    enclosed: (id) =>
      `Enclosed is a copy of the footage we hold of you (export ${id}). It comes with a signed list of its files and their fingerprints, so you can check that nothing was changed.`,
    noneFound: 'We searched those recordings and hold no footage of you from that time.',
    enclosedFacts: (files, cameras, from, to) => `It holds ${files} video file${files === 1 ? '' : 's'} from ${cameras}, recorded between ${from} and ${to}.`,
    verifyTitle: 'How to check the copy',
    verifyKey: 'The folder is signed with our key. Its fingerprint is:',
    verifySteps:
      'With the openssl and sha256sum tools, anyone can check that signing-key.pub.pem has that fingerprint, that manifest.sig is its signature of manifest.json, and that "sha256sum -c SHA256SUMS" reports every file OK. We will send you the exact commands if you ask. Keep this letter: it is how you know the key is ours.',
    manifestHash: 'The SHA-256 of its list of files, manifest.json, is:',
    whyTitle: 'Why this footage was recorded',
    recipientsTitle: 'To whom this footage was disclosed',
    recipientsNone: 'No one: this footage was not disclosed outside the business.',
    recipient: (at, to, basis) => `${at}: ${to} (legal basis: ${basis})`,
    rightsTitle: 'Your rights',
    complain: (r) => `If you are not satisfied with how we handled your request, you may complain to ${r}.`,
    contactUs: (c) => `For any question about this letter, contact ${c}.`,
    signOff: 'Yours sincerely,',
    reference: 'Our reference',
    date: 'Date',
  },
  fr: {
    ackSubject: (ref) => `Votre demande d'accès aux images vous concernant (notre référence ${ref})`,
    responseSubject: (ref) => `Notre réponse à votre demande d'accès aux images vous concernant (notre référence ${ref})`,
    greeting: (name) => `Bonjour ${name},`,
    received: (on, from, to, cameras) => `Nous avons reçu le ${on} votre demande d'accès aux images vous concernant enregistrées entre le ${from} et le ${to} (${cameras}).`,
    held: "Nous avons mis ces images de côté afin qu'elles ne soient pas supprimées pendant le traitement de votre demande.",
    dueBy: (date, deadline) => `Nous vous répondrons au plus tard le ${date} (la loi nous accorde ${deadline}).`,
    extended: (date, reason) => `Nous avons prolongé le délai de réponse jusqu'au ${date}, pour le motif suivant : ${reason}`,
    identity: "Nous ne remettons les images qu'à la personne qu'elles montrent ; nous pourrons donc vous demander de confirmer votre identité.",
    others: 'Pour protéger les autres personnes, toute autre personne visible dans les images est floutée ou masquée.',
    youAsked: (on, from, to, cameras) => `Le ${on}, vous nous avez demandé les images vous concernant enregistrées entre le ${from} et le ${to} (${cameras}).`,
    enclosed: (id) =>
      `Vous trouverez ci-joint une copie des images vous concernant que nous détenons (export ${id}). Elle est accompagnée d'une liste signée de ses fichiers et de leurs empreintes, qui vous permet de vérifier que rien n'a été modifié.`,
    noneFound: "Nous avons examiné ces enregistrements et ne détenons aucune image de vous pour cette période.",
    enclosedFacts: (files, cameras, from, to) => `Elle comprend ${files} fichier${files > 1 ? 's' : ''} vidéo (${cameras}), enregistré${files > 1 ? 's' : ''} entre le ${from} et le ${to}.`,
    verifyTitle: 'Comment vérifier la copie',
    verifyKey: 'Le dossier est signé avec notre clé. Son empreinte est :',
    verifySteps:
      "Avec les outils openssl et sha256sum, chacun peut vérifier que signing-key.pub.pem a cette empreinte, que manifest.sig en est la signature de manifest.json et que « sha256sum -c SHA256SUMS » indique OK pour chaque fichier. Nous vous enverrons les commandes exactes sur simple demande. Conservez cette lettre : c'est elle qui vous permet de savoir que la clé est bien la nôtre.",
    manifestHash: "L'empreinte SHA-256 de la liste de ses fichiers, manifest.json, est :",
    whyTitle: 'Finalités de ces enregistrements',
    recipientsTitle: 'Destinataires de ces images',
    recipientsNone: "Aucun : ces images n'ont été communiquées à personne hors de l'entreprise.",
    recipient: (at, to, basis) => `${at} : ${to} (base légale : ${basis})`,
    rightsTitle: 'Vos droits',
    complain: (r) => `Si le traitement de votre demande ne vous satisfait pas, vous pouvez introduire une réclamation auprès de ${r}.`,
    contactUs: (c) => `Pour toute question au sujet de cette lettre, adressez-vous à ${c}.`,
    signOff: "Veuillez agréer nos salutations distinguées.",
    reference: 'Notre référence',
    date: 'Date',
  },
  es: {
    ackSubject: (ref) => `Su solicitud de acceso a imágenes en las que aparece (nuestra referencia ${ref})`,
    responseSubject: (ref) => `Respuesta a su solicitud de acceso a imágenes en las que aparece (nuestra referencia ${ref})`,
    greeting: (name) => `Estimado/a ${name}:`,
    received: (on, from, to, cameras) => `El ${on} recibimos su solicitud de acceso a las imágenes en las que aparece grabadas entre el ${from} y el ${to} (${cameras}).`,
    held: 'Hemos apartado esas imágenes para que no se borren mientras tramitamos su solicitud.',
    dueBy: (date, deadline) => `Le responderemos a más tardar el ${date} (la ley nos concede ${deadline}).`,
    extended: (date, reason) => `Hemos prorrogado el plazo de respuesta hasta el ${date}, por el siguiente motivo: ${reason}`,
    identity: 'Solo entregamos las imágenes a la persona que aparece en ellas, por lo que podemos pedirle que confirme su identidad.',
    others: 'Para proteger a otras personas, cualquier otra persona visible en las imágenes aparece difuminada u ocultada.',
    youAsked: (on, from, to, cameras) => `El ${on} nos solicitó las imágenes en las que aparece grabadas entre el ${from} y el ${to} (${cameras}).`,
    enclosed: (id) =>
      `Adjuntamos una copia de las imágenes suyas que conservamos (exportación ${id}). Va acompañada de una lista firmada de sus archivos y de sus huellas digitales, que le permite comprobar que no se ha modificado nada.`,
    noneFound: 'Hemos revisado esas grabaciones y no conservamos ninguna imagen suya de ese periodo.',
    enclosedFacts: (files, cameras, from, to) => `Contiene ${files} archivo${files === 1 ? '' : 's'} de vídeo (${cameras}), grabado${files === 1 ? '' : 's'} entre el ${from} y el ${to}.`,
    verifyTitle: 'Cómo comprobar la copia',
    verifyKey: 'La carpeta está firmada con nuestra clave. Su huella digital es:',
    verifySteps:
      'Con las herramientas openssl y sha256sum, cualquiera puede comprobar que signing-key.pub.pem tiene esa huella, que manifest.sig es su firma de manifest.json y que «sha256sum -c SHA256SUMS» indica OK para cada archivo. Si lo desea, le enviaremos los comandos exactos. Conserve esta carta: es la prueba de que la clave es nuestra.',
    manifestHash: 'La huella SHA-256 de la lista de sus archivos, manifest.json, es:',
    whyTitle: 'Finalidad de estas grabaciones',
    recipientsTitle: 'A quién se han comunicado estas imágenes',
    recipientsNone: 'A nadie: estas imágenes no se han comunicado fuera de la empresa.',
    recipient: (at, to, basis) => `${at}: ${to} (base jurídica: ${basis})`,
    rightsTitle: 'Sus derechos',
    complain: (r) => `Si no está satisfecho/a con la tramitación de su solicitud, puede presentar una reclamación ante ${r}.`,
    contactUs: (c) => `Para cualquier consulta sobre esta carta, diríjase a ${c}.`,
    signOff: 'Atentamente,',
    reference: 'Nuestra referencia',
    date: 'Fecha',
  },
  'zh-Hans': {
    ackSubject: (ref) => `关于您索取本人录像的申请（我方编号 ${ref}）`,
    responseSubject: (ref) => `对您索取本人录像申请的答复（我方编号 ${ref}）`,
    greeting: (name) => `${name}：您好！`,
    received: (on, from, to, cameras) => `我们已于 ${on} 收到您的申请，索取 ${from} 至 ${to} 期间录制的您本人的录像（${cameras}）。`,
    held: '我们已将该段录像单独保存，在处理您的申请期间不会删除。',
    dueBy: (date, deadline) => `我们最迟将于 ${date} 答复您（法律给予我们的期限为${deadline}）。`,
    extended: (date, reason) => `我们已将答复期限延长至 ${date}，原因如下：${reason}`,
    identity: '我们只向录像中本人提供录像，因此可能会请您确认身份。',
    others: '为保护他人，录像中出现的其他人均已模糊处理或遮挡。',
    youAsked: (on, from, to, cameras) => `您于 ${on} 向我们索取 ${from} 至 ${to} 期间录制的您本人的录像（${cameras}）。`,
    enclosed: (id) => `随函附上我们保存的您本人录像的副本（导出编号 ${id}），并附有经签名的文件清单及其指纹，您可据此核实内容未被修改。`,
    noneFound: '我们已查阅上述录像，并未保存该时段内您本人的任何录像。',
    enclosedFacts: (files, cameras, from, to) => `其中包含 ${files} 个视频文件（${cameras}），录制于 ${from} 至 ${to}。`,
    verifyTitle: '如何核验副本',
    verifyKey: '该文件夹已用我方密钥签名，密钥指纹为：',
    verifySteps:
      '使用 openssl 和 sha256sum 工具，任何人都可以核验：signing-key.pub.pem 的指纹与上述指纹一致，manifest.sig 是该密钥对 manifest.json 的签名，且“sha256sum -c SHA256SUMS”对每个文件均显示 OK。如您需要，我们可将具体命令发送给您。请保留本函：它可证明该密钥属于我方。',
    manifestHash: '其文件清单 manifest.json 的 SHA-256 值为：',
    whyTitle: '录像目的',
    recipientsTitle: '该录像曾提供给谁',
    recipientsNone: '无：该录像未曾向本商户以外的任何人提供。',
    recipient: (at, to, basis) => `${at}：${to}（法律依据：${basis}）`,
    rightsTitle: '您的权利',
    complain: (r) => `如您对我们处理申请的方式不满意，可以向${r}投诉。`,
    contactUs: (c) => `如对本函有任何疑问，请联系${c}。`,
    signOff: '此致',
    reference: '我方编号',
    date: '日期',
  },
  'zh-Hant': {
    ackSubject: (ref) => `關於您索取本人錄影的申請（我方編號 ${ref}）`,
    responseSubject: (ref) => `對您索取本人錄影申請的答覆（我方編號 ${ref}）`,
    greeting: (name) => `${name}：您好！`,
    received: (on, from, to, cameras) => `我們已於 ${on} 收到您的申請，索取 ${from} 至 ${to} 期間錄製的您本人的錄影（${cameras}）。`,
    held: '我們已將該段錄影單獨保存，在處理您的申請期間不會刪除。',
    dueBy: (date, deadline) => `我們最遲將於 ${date} 答覆您（法律給予我們的期限為${deadline}）。`,
    extended: (date, reason) => `我們已將答覆期限延長至 ${date}，原因如下：${reason}`,
    identity: '我們只向錄影中本人提供錄影，因此可能會請您確認身分。',
    others: '為保護他人，錄影中出現的其他人均已模糊處理或遮擋。',
    youAsked: (on, from, to, cameras) => `您於 ${on} 向我們索取 ${from} 至 ${to} 期間錄製的您本人的錄影（${cameras}）。`,
    enclosed: (id) => `隨函附上我們保存的您本人錄影的副本（匯出編號 ${id}），並附有經簽署的檔案清單及其指紋，您可據此核實內容未被修改。`,
    noneFound: '我們已查閱上述錄影，並未保存該時段內您本人的任何錄影。',
    enclosedFacts: (files, cameras, from, to) => `其中包含 ${files} 個影片檔案（${cameras}），錄製於 ${from} 至 ${to}。`,
    verifyTitle: '如何核驗副本',
    verifyKey: '該資料夾已用我方金鑰簽署，金鑰指紋為：',
    verifySteps:
      '使用 openssl 與 sha256sum 工具，任何人都可以核驗：signing-key.pub.pem 的指紋與上述指紋相符，manifest.sig 是該金鑰對 manifest.json 的簽章，且「sha256sum -c SHA256SUMS」對每個檔案均顯示 OK。如您需要，我們可將具體指令寄給您。請保留本函：它可證明該金鑰屬於我方。',
    manifestHash: '其檔案清單 manifest.json 的 SHA-256 值為：',
    whyTitle: '錄影目的',
    recipientsTitle: '該錄影曾提供給誰',
    recipientsNone: '無：該錄影未曾向本商家以外的任何人提供。',
    recipient: (at, to, basis) => `${at}：${to}（法律依據：${basis}）`,
    rightsTitle: '您的權利',
    complain: (r) => `如您對我們處理申請的方式不滿意，可以向${r}提出申訴。`,
    contactUs: (c) => `如對本函有任何疑問，請聯絡${c}。`,
    signOff: '此致',
    reference: '我方編號',
    date: '日期',
  },
};
